package adiv.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether two run stores hold the same runs (by configuration) with the same statuses, per-epoch
 * numbers and probe records: how a sweep run by one executor is checked against another.
 *
 * <p>Single-threaded runs repeat bit for bit (a multi-threaded one now and then drifts). Across
 * different thread counts float sums are ordered differently and numbers differ from the first
 * steps, and a small difference can grow over a training, so the comparison counts the runs that
 * are the same but whose numbers differ ({@link #drifted}) apart from structural differences
 * (missing runs, other statuses); {@code tolerance} allows for small differences.
 *
 * @param runs runs in the first store
 * @param compared runs finished in both, with the same status and the same number of epochs and
 *     probe records
 * @param drifted of those, the runs whose numbers differ (beyond the tolerance)
 * @param unfinished runs in both but finished in neither (queued, or running): nothing of theirs is
 *     compared, so they are not counted as the same
 * @param differences what differs, one line each (empty: the same)
 */
public record StoreComparison(int runs, int compared, int drifted, int unfinished, List<String> differences) {

    private static final String NUMBER = " differs: ";

    /** The two stores agree in every run and every number, and every run was finished and compared. */
    public boolean same() {
        return differences.isEmpty() && complete();
    }

    /** Every run was compared: some were, and none was left unfinished in both. */
    public boolean complete() {
        return compared > 0 && unfinished == 0;
    }

    /** Runs are missing, or have another status or another number of rows: not a matter of numbers. */
    public boolean structural() {
        return differences.stream().anyMatch(d -> !d.contains(NUMBER));
    }

    /**
     * Compares every run of a with the run of the same configuration in b.
     *
     * @param tolerance largest relative difference of a number still counted as equal (0: exact)
     */
    public static StoreComparison of(RunStore a, RunStore b, double tolerance) {
        Map<String, StoredRun> inB = new TreeMap<>();
        b.runs().forEach(r -> inB.put(r.hash(), r));
        List<String> diffs = new ArrayList<>();
        int compared = 0;
        int drifted = 0;
        int unfinished = 0;
        List<StoredRun> runsA = a.runs();
        for (StoredRun ra : runsA) {
            StoredRun rb = inB.remove(ra.hash());
            String name = "run " + ra.id() + " " + ra.config();
            if (rb == null) {
                diffs.add(name + ": only in the first store");
                continue;
            }
            if (!ra.status().equals(rb.status())) {
                diffs.add(name + ": status " + ra.status() + " vs " + rb.status());
                continue;
            }
            if (!ra.finished()) {
                unfinished++; // the same status, but nothing to compare yet
                continue;
            }
            int before = diffs.size();
            boolean rowsMatch = rows(name + " epochs", a.epochs(ra.id()), b.epochs(rb.id()), tolerance, diffs)
                    & rows(name + " probes", a.probes(ra.id()), b.probes(rb.id()), tolerance, diffs);
            if (rowsMatch) {
                compared++;
                drifted += diffs.size() > before ? 1 : 0;
            }
        }
        inB.values().forEach(r -> diffs.add("run " + r.id() + " " + r.config() + ": only in the second store"));
        return new StoreComparison(runsA.size(), compared, drifted, unfinished, diffs);
    }

    /** Compares rows; false when their counts differ (a structural difference). */
    private static boolean rows(String what, List<Map<String, Object>> a, List<Map<String, Object>> b, double tolerance,
            List<String> diffs) {
        if (a.size() != b.size()) {
            diffs.add(what + ": " + a.size() + " rows vs " + b.size());
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            for (Map.Entry<String, Object> e : a.get(i).entrySet()) {
                if (e.getKey().equals("seconds")) {
                    continue; // wall time differs between any two runs
                }
                Object vb = b.get(i).get(e.getKey());
                if (!equal(e.getValue(), vb, tolerance)) {
                    diffs.add(what + " row " + (i + 1) + " " + e.getKey() + NUMBER + e.getValue() + " vs " + vb);
                }
            }
        }
        return true;
    }

    private static boolean equal(Object x, Object y, double tolerance) {
        if (x instanceof Number nx && y instanceof Number ny) {
            double dx = nx.doubleValue();
            double dy = ny.doubleValue();
            return dx == dy || Math.abs(dx - dy) <= tolerance * Math.max(Math.abs(dx), Math.abs(dy));
        }
        return Objects.equals(x, y);
    }
}
