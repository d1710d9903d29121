package adiv.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether two run stores hold the same runs (by configuration) with the same statuses, per-epoch
 * numbers and probe records: how a sweep run by one executor is checked against another.
 *
 * <p>Single-threaded runs repeat bit for bit (a multi-threaded one now and then drifts). Across
 * different thread counts float sums are ordered differently and numbers differ from the first
 * steps, and a small difference can grow over a training, so the comparison counts the runs that
 * are the same but whose numbers differ ({@link #drifted}) apart from structural differences
 * (missing runs, other statuses); a relative and an absolute tolerance allow for small
 * differences. It also says whether the two stores' runs were trained differently ({@link
 * #trainedDifferently}: other thread counts, libtorch versions or CPUs), the likely cause of such
 * differences.
 *
 * @param runs runs in the first store
 * @param compared runs finished in both, with the same status and the same number of epochs and
 *     probe records
 * @param drifted of those, the runs whose numbers differ (beyond the tolerance)
 * @param unfinished runs in both but finished in neither (queued, or running): nothing of theirs is
 *     compared, so they are not counted as the same
 * @param differences what differs, one line each (empty: the same)
 * @param trainedDifferently for each of {@link #TRAINING} whose recorded values differ between the
 *     stores' finished runs, the distinct values in each (empty: trained alike, or not recorded)
 */
public record StoreComparison(int runs, int compared, int drifted, int unfinished, List<String> differences,
        Map<String, Sides> trainedDifferently) {

    private static final String NUMBER = " differs: ";

    /**
     * What a run records of how it trained that changes its last digits ({@link RunStore#provenance}):
     * the thread count (sums taken in another order), the libtorch version and the CPU (other kernels).
     */
    public static final List<String> TRAINING = List.of("threads", "libtorch", "cpu");

    /**
     * The distinct values one setting of {@link #TRAINING} has among each store's finished runs.
     *
     * @param first in the first store, sorted
     * @param second in the second store, sorted
     */
    public record Sides(List<Object> first, List<Object> second) {}

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
     * Compares every run of a with the run of the same configuration in b, with a relative tolerance
     * only.
     *
     * @param tolerance largest relative difference of a number still counted as equal (0: exact)
     */
    public static StoreComparison of(RunStore a, RunStore b, double tolerance) {
        return of(a, b, tolerance, 0);
    }

    /**
     * Compares every run of a with the run of the same configuration in b. Two numbers x and y count
     * as equal when |x − y| ≤ absTolerance or |x − y| ≤ tolerance · max(|x|, |y|): the relative
     * tolerance alone never lets a number that should be 0 (2.5e-16 against 0) pass.
     *
     * @param tolerance largest relative difference of a number still counted as equal (0: exact)
     * @param absTolerance largest absolute difference still counted as equal (0: none)
     */
    public static StoreComparison of(RunStore a, RunStore b, double tolerance, double absTolerance) {
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
            boolean rowsMatch = rows(name + " epochs", a.epochs(ra.id()), b.epochs(rb.id()), tolerance, absTolerance, diffs)
                    & rows(name + " probes", a.probes(ra.id()), b.probes(rb.id()), tolerance, absTolerance, diffs);
            if (rowsMatch) {
                compared++;
                drifted += diffs.size() > before ? 1 : 0;
            }
        }
        inB.values().forEach(r -> diffs.add("run " + r.id() + " " + r.config() + ": only in the second store"));
        return new StoreComparison(runsA.size(), compared, drifted, unfinished, diffs, trainedDifferently(a, b));
    }

    /**
     * The settings of {@link #TRAINING} whose values differ between the two stores' finished runs
     * (values a run did not record are left out: unknown is not different).
     */
    static Map<String, Sides> trainedDifferently(RunStore a, RunStore b) {
        List<Map<String, Object>> pa = a.provenance();
        List<Map<String, Object>> pb = b.provenance();
        Map<String, Sides> differ = new LinkedHashMap<>();
        for (String key : TRAINING) {
            List<Object> first = distinct(pa, key);
            List<Object> second = distinct(pb, key);
            if (!first.isEmpty() && !second.isEmpty() && !first.equals(second)) {
                differ.put(key, new Sides(first, second));
            }
        }
        return java.util.Collections.unmodifiableMap(differ);
    }

    private static List<Object> distinct(List<Map<String, Object>> provenance, String key) {
        TreeSet<Object> values = new TreeSet<>((x, y) -> x instanceof Number nx && y instanceof Number ny
                ? Double.compare(nx.doubleValue(), ny.doubleValue()) : String.valueOf(x).compareTo(String.valueOf(y)));
        provenance.stream().map(row -> row.get(key)).filter(Objects::nonNull)
                .map(v -> v instanceof Integer || v instanceof Long || v instanceof Short ? (Object) ((Number) v).longValue() : v)
                .forEach(values::add);
        return List.copyOf(values);
    }

    /** Compares rows; false when their counts differ (a structural difference). */
    private static boolean rows(String what, List<Map<String, Object>> a, List<Map<String, Object>> b, double tolerance,
            double absTolerance, List<String> diffs) {
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
                if (!equal(e.getValue(), vb, tolerance, absTolerance)) {
                    diffs.add(what + " row " + (i + 1) + " " + e.getKey() + NUMBER + e.getValue() + " vs " + vb);
                }
            }
        }
        return true;
    }

    /** Whether two stored values count as equal: numbers within either tolerance, anything else exactly. */
    static boolean equal(Object x, Object y, double tolerance, double absTolerance) {
        if (x instanceof Number nx && y instanceof Number ny) {
            double dx = nx.doubleValue();
            double dy = ny.doubleValue();
            double diff = Math.abs(dx - dy);
            return dx == dy || diff <= absTolerance || diff <= tolerance * Math.max(Math.abs(dx), Math.abs(dy));
        }
        return Objects.equals(x, y);
    }
}
