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
 * <p>Single-threaded runs (worker processes, Spark tasks, {@code --threads 1}) repeat bit for bit.
 * With several intra-op threads most runs repeat exactly, but some drift apart over training
 * (BENCHMARKS.md, "Reproducibility"); across different thread counts float sums are ordered
 * differently and numbers differ from the first steps. {@code tolerance} allows for small
 * differences; a drifted run differs by more.
 *
 * @param runs runs in the first store
 * @param compared runs present in both and finished in both
 * @param differences what differs, one line each (empty: the same)
 */
public record StoreComparison(int runs, int compared, List<String> differences) {

    /** The two stores agree. */
    public boolean same() {
        return differences.isEmpty();
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
            compared++;
            rows(name + " epochs", a.epochs(ra.id()), b.epochs(rb.id()), tolerance, diffs);
            rows(name + " probes", a.probes(ra.id()), b.probes(rb.id()), tolerance, diffs);
        }
        inB.values().forEach(r -> diffs.add("run " + r.id() + " " + r.config() + ": only in the second store"));
        return new StoreComparison(runsA.size(), compared, diffs);
    }

    private static void rows(String what, List<Map<String, Object>> a, List<Map<String, Object>> b, double tolerance,
            List<String> diffs) {
        if (a.size() != b.size()) {
            diffs.add(what + ": " + a.size() + " rows vs " + b.size());
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            for (Map.Entry<String, Object> e : a.get(i).entrySet()) {
                if (e.getKey().equals("seconds")) {
                    continue; // wall time differs between any two runs
                }
                Object vb = b.get(i).get(e.getKey());
                if (!equal(e.getValue(), vb, tolerance)) {
                    diffs.add(what + " row " + (i + 1) + " " + e.getKey() + ": " + e.getValue() + " vs " + vb);
                }
            }
        }
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
