package adiv.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The statistics a report draws and tabulates besides the claims: Table 1's trends against batch
 * size, mean curves over epochs and over probed steps, and the convolutions' interference. Numbers
 * only; {@link Report} renders them.
 */
final class Trends {

    private Trends() {}

    /**
     * One configuration's accuracy against batch size (Table 1).
     *
     * @param key the configuration (every varying setting but the batch size)
     * @param meanOverBatches the selected accuracy averaged per batch size, then over the batch sizes
     * @param perThousand the slope of accuracy against batch size / 1000, fitted over every run
     * @param perLog2 the slope against log₂ batch size
     * @param runs how many runs
     */
    record BatchTrend(Map<String, Object> key, Summary meanOverBatches, Slope perThousand, Slope perLog2, int runs) {}

    /** Table 1's rows: one per configuration of the given settings. */
    static List<BatchTrend> batchTrends(Results results, List<String> keys) {
        List<BatchTrend> trends = new ArrayList<>();
        for (Results.Group g : results.groupBy(keys)) {
            Map<Double, List<Double>> byBatch = new TreeMap<>();
            List<double[]> linear = new ArrayList<>();
            List<double[]> log = new ArrayList<>();
            for (RunOutcome r : g.runs()) {
                double b = ((Number) r.config().get("batch")).doubleValue();
                byBatch.computeIfAbsent(b, x -> new ArrayList<>()).add(r.selectedAcc());
                linear.add(new double[] {b / 1000, r.selectedAcc()});
                log.add(new double[] {Math.log(b) / Math.log(2), r.selectedAcc()});
            }
            double[] means = byBatch.values().stream()
                    .mapToDouble(v -> Summary.of(v.stream().mapToDouble(Double::doubleValue).toArray()).mean()).toArray();
            trends.add(new BatchTrend(g.key(), Summary.of(means), Slope.fit(linear), Slope.fit(log), g.runs().size()));
        }
        return trends;
    }

    /** Mean ± SE over the runs of a per-epoch series, epoch by epoch (runs that stopped drop out). */
    static List<Charts.Point> perEpoch(List<RunOutcome> runs, Function<RunOutcome, List<Double>> series) {
        int epochs = runs.stream().map(series).mapToInt(List::size).max().orElse(0);
        List<Charts.Point> points = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int epoch = e;
            Summary s = Summary.of(runs.stream().map(series).filter(v -> v.size() > epoch)
                    .mapToDouble(v -> v.get(epoch)).toArray());
            points.add(new Charts.Point(e + 1, s.mean(), s.se()));
        }
        return points;
    }

    /**
     * Per group of the given settings, the mean ± SE over runs of one probe column at one layer of each
     * run, at each probed step; groups without such records are left out.
     */
    static Map<Map<String, Object>, List<Charts.Point>> perStep(Results results, List<String> keys, String column,
            ToIntFunction<RunOutcome> layerOf) {
        Map<Map<String, Object>, List<Charts.Point>> curves = new LinkedHashMap<>();
        for (Results.Group g : results.groupBy(keys)) {
            Map<Long, List<Double>> byStep = new TreeMap<>();
            for (RunOutcome r : g.runs()) {
                int wanted = layerOf.applyAsInt(r);
                for (Map<String, Object> p : r.probes()) {
                    if (((Number) p.get("layer")).intValue() == wanted && p.get(column) instanceof Number v
                            && !adiv.probe.ProbedBlock.MAP.equals(p.get("map"))) {
                        byStep.computeIfAbsent(((Number) p.get("step")).longValue(), st -> new ArrayList<>())
                                .add(v.doubleValue());
                    }
                }
            }
            if (!byStep.isEmpty()) {
                List<Charts.Point> points = new ArrayList<>();
                byStep.forEach((step, v) -> {
                    Summary sm = Summary.of(v.stream().mapToDouble(Double::doubleValue).toArray());
                    points.add(new Charts.Point(step, sm.mean(), sm.se()));
                });
                curves.put(g.key(), points);
            }
        }
        return curves;
    }

    /**
     * One convolution of one configuration: the means over runs and probed steps of the own-term
     * multiple and of the two kinds of interference the patch kernel predicts (MATH.md §5).
     *
     * @param key the configuration
     * @param layer the convolution
     * @param own mean own-term multiple K (NaN without values)
     * @param crossPatch mean cross-patch share
     * @param crossSample mean cross-sample share
     * @param records how many probe records
     */
    record ConvInterference(Map<String, Object> key, int layer, double own, double crossPatch, double crossSample,
            int records) {}

    /** Whether any run probed a convolution (its records split the interference by kind). */
    static boolean probedConvolutions(Results results) {
        return results.runs().stream().flatMap(r -> r.probes().stream())
                .anyMatch(p -> p.get("interference_patch") instanceof Number);
    }

    /** Per configuration of the given settings and per convolution. */
    static List<ConvInterference> convInterference(Results results, List<String> keys) {
        List<ConvInterference> rows = new ArrayList<>();
        for (Results.Group g : results.groupBy(keys)) {
            Map<Integer, List<Map<String, Object>>> byLayer = new TreeMap<>();
            for (RunOutcome r : g.runs()) {
                for (Map<String, Object> p : r.probes()) {
                    if (p.get("interference_patch") instanceof Number) {
                        byLayer.computeIfAbsent(((Number) p.get("layer")).intValue(), l -> new ArrayList<>()).add(p);
                    }
                }
            }
            byLayer.forEach((layer, ps) -> rows.add(new ConvInterference(g.key(), layer, mean(ps, "predicted_ratio_mean"),
                    mean(ps, "interference_patch"), mean(ps, "interference_sample"), ps.size())));
        }
        return rows;
    }

    private static double mean(List<Map<String, Object>> records, String column) {
        double[] v = records.stream().map(p -> p.get(column)).filter(o -> o instanceof Number)
                .mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        return v.length == 0 ? Double.NaN : Summary.of(v).mean();
    }
}
