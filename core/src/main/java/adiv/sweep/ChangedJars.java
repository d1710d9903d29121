package adiv.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A sweep resumed with another build of a plug-in jar than its runs were made with. Runs are keyed
 * by their settings, not by the code behind a method's name, so without this check a rebuilt jar
 * (a changed formula under the same name) would find its method's runs "done" and report the old
 * numbers as the new method's. Each run records the jars it started with ({@link
 * RunStore#start(long, String, String, String)}); before anything trains, every run of the sweep
 * that has something to lose is compared with the jars its method is built from now.
 */
public final class ChangedJars {

    private ChangedJars() {}

    /**
     * Stops a sweep whose stored runs were made with other jars, or with {@code rerun} puts exactly
     * those runs back in the queue, trained afresh.
     *
     * @return the runs put back in the queue (0 when nothing changed)
     * @throws IllegalArgumentException naming each method, its old and new jars and the ways on
     */
    public static int check(SweepSpec spec, RunStore store, boolean rerun) {
        Map<Long, String> recorded = store.recordedPlugins();
        if (recorded.isEmpty()) {
            return 0;
        }
        Map<String, Change> changed = new LinkedHashMap<>();
        List<Long> ids = new ArrayList<>();
        for (RunSettings r : spec.runs()) {
            StoredRun stored = store.run(RunStore.sha256(r.canonical()));
            if (stored == null || !recorded.containsKey(stored.id())) {
                continue;
            }
            String now = r.plugins();
            String then = recorded.get(stored.id());
            if (!now.equals(then)) {
                changed.computeIfAbsent(r.method(), m -> new Change(new TreeSet<>(), now)).then().add(then);
                ids.add(stored.id());
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        if (rerun) {
            store.requeueAfresh(ids);
            return ids.size();
        }
        StringBuilder why = new StringBuilder();
        changed.forEach((method, c) -> why.append(why.length() == 0 ? "" : "; ").append("method '").append(method)
                .append("': its runs in ").append(store.dir()).append(" were made with ")
                .append(String.join(" and with ", c.then().stream().map(ChangedJars::jars).toList()))
                .append(", the jar now is ").append(jars(c.now())));
        throw new IllegalArgumentException(why + ". Its " + ids.size() + " run" + (ids.size() == 1 ? "" : "s")
                + " would mix the two builds: give a new --out for the new build, or add --rerun-changed to train exactly"
                + " those runs again with it (their old numbers are dropped)");
    }

    private static String jars(String recorded) {
        return recorded.isEmpty() ? "adiv's own parts (no jar)" : recorded;
    }

    private record Change(TreeSet<String> then, String now) {}
}
