package adiv.report;

import java.util.List;
import java.util.Map;

/**
 * One finished run as a report sees it.
 *
 * @param config its settings
 * @param status done, diverged or failed
 * @param testAcc test accuracy after each epoch (NaN where not finite)
 * @param probes the probe's records (step, layer, ratio_mean, ...), empty when it was off
 */
public record RunOutcome(
        Map<String, Object> config, String status, List<Double> testAcc, List<Map<String, Object>> probes) {

    /** A run without probe records. */
    public RunOutcome(Map<String, Object> config, String status, List<Double> testAcc) {
        this(config, status, testAcc, List.of());
    }

    /** The last epoch's test accuracy, or NaN. */
    public double finalAcc() {
        return testAcc.isEmpty() ? Double.NaN : testAcc.get(testAcc.size() - 1);
    }

    /** The best test accuracy over the epochs, or NaN. */
    public double bestAcc() {
        return testAcc.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
