package adiv.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One finished run as a report sees it.
 *
 * @param config its settings
 * @param status done, diverged or failed
 * @param testAcc test accuracy after each epoch (NaN where not finite)
 * @param probes the probe's records (step, layer, ratio_mean, ...), empty when it was off
 * @param valAcc validation accuracy after each epoch (NaN where there was no validation split)
 * @param stopped why it ended: stagnated, max_epochs or diverged (null when not recorded)
 */
public record RunOutcome(
        Map<String, Object> config, String status, List<Double> testAcc, List<Map<String, Object>> probes,
        List<Double> valAcc, String stopped) {

    /** A run without probe records or a validation split. */
    public RunOutcome(Map<String, Object> config, String status, List<Double> testAcc) {
        this(config, status, testAcc, List.of(), Collections.nCopies(testAcc.size(), Double.NaN), null);
    }

    /** The last epoch's test accuracy, or NaN. */
    public double finalAcc() {
        return testAcc.isEmpty() ? Double.NaN : testAcc.get(testAcc.size() - 1);
    }

    /**
     * The epoch selected on the validation split (1-based): the first with the highest validation
     * accuracy; the last epoch when the run had no validation split; 0 when it has no epochs.
     */
    public int selectedEpoch() {
        int best = 0;
        for (int i = 0; i < valAcc.size(); i++) {
            double v = valAcc.get(i);
            if (Double.isFinite(v) && (best == 0 || v > valAcc.get(best - 1))) {
                best = i + 1;
            }
        }
        return best == 0 ? testAcc.size() : best;
    }

    /** The test accuracy at the selected epoch (the run's headline result), or NaN. */
    public double selectedAcc() {
        int e = selectedEpoch();
        return e == 0 ? Double.NaN : testAcc.get(e - 1);
    }

    /** Whether the run was selected on a validation split (else selected = final). */
    public boolean validated() {
        return valAcc.stream().anyMatch(Double::isFinite);
    }

    /**
     * The probe's coefficient of variation of K_ss across the batch, averaged over every record of the
     * run that has it (every probed step and layer); NaN without such records.
     */
    public double kssSpread() {
        return probes.stream().map(p -> p.get("predicted_ratio_cv")).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Epochs it trained. */
    public int epochs() {
        return testAcc.size();
    }
}
