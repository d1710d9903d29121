package adiv.report;

import adiv.data.DatasetName;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One finished run as a report sees it.
 *
 * @param config its settings
 * @param status done, diverged or failed
 * @param testAcc test accuracy after each epoch (NaN where not finite)
 * @param probes the probe's records (step, layer, ratio_cv, ...), empty when it was off
 * @param valAcc validation accuracy after each epoch (NaN where there was no validation split)
 * @param stopped why it ended: stagnated, max_epochs or diverged (null when not recorded)
 */
public record RunOutcome(
        Map<String, Object> config, String status, List<Double> testAcc, List<Map<String, Object>> probes,
        List<Double> valAcc, String stopped) {

    /** Why a run ended, as {@link #stopped} records it. */
    public static final String STAGNATED = "stagnated";
    /** Why a run ended, as {@link #stopped} records it. */
    public static final String MAX_EPOCHS = "max_epochs";
    /** Why a run ended, as {@link #stopped} and {@link #status} record it. */
    public static final String DIVERGED = "diverged";

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

    /** The validation accuracy at the selected epoch (what "the best opponent" is chosen on), or NaN. */
    public double selectedVal() {
        int e = selectedEpoch();
        return e == 0 || e > valAcc.size() ? Double.NaN : valAcc.get(e - 1);
    }

    /** Whether the run diverged (a training loss became NaN or infinite). */
    public boolean diverged() {
        return DIVERGED.equals(status) || DIVERGED.equals(stopped);
    }

    /**
     * Chance accuracy on its data set, 1/classes; NaN when the data set is not one adiv knows.
     */
    public double chance() {
        Object d = config.get("dataset");
        try {
            return d == null ? Double.NaN : 1.0 / DatasetName.parse(String.valueOf(d)).classes();
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /**
     * The accuracy a claim judges this run on at its selected epoch (MATH.md §10): the test accuracy
     * there, or chance accuracy for a run that diverged without a finite result there (a diverged run
     * is a result, not a gap). NaN for a run that failed without results.
     */
    public double selectedScore() {
        double a = selectedAcc();
        return Double.isFinite(a) || !diverged() ? a : chance();
    }

    /**
     * The validation accuracy a choice on validation judges this run on (a tuned claim's value, a
     * tuning shortfall's pick; MATH.md §11): the validation accuracy at its selected epoch, or chance
     * accuracy for a run that diverged without a finite value there, as {@link #selectedScore} does
     * for the test accuracy. NaN for a run without a validation split that did not diverge.
     */
    public double selectedValScore() {
        double v = selectedVal();
        return Double.isFinite(v) || !diverged() ? v : chance();
    }

    /**
     * The accuracy a claim judges this run on at its last epoch: chance accuracy for a run that
     * diverged (its last parameters are not finite), else the last test accuracy.
     */
    public double finalScore() {
        return diverged() ? chance() : finalAcc();
    }

    /** Whether the run was selected on a validation split (else selected = final). */
    public boolean validated() {
        return valAcc.stream().anyMatch(Double::isFinite);
    }

    /**
     * The probe's measured spread of the step ratio across the batch: the spread over the samples of
     * r_s = ⟨Δz_s, −g_s⟩/(η‖g_s‖²), Δz the update the optimiser actually made, each sample weighted
     * by its share of Σ‖g_t‖² (MATH.md §4: the plain coefficient of variation is dominated by samples
     * whose gradient nearly vanishes), averaged over every record of the run that has it (every
     * probed step and map; in a residual MLP every block's map, layers 2 to depth + 1, the part MATH.md
     * §7 asks about; a block output's own records are not a map's and are left out); NaN without such
     * records (a store written before it was measured). Under SGD without interference it is K_ss's
     * weighted spread; under Adam it is what training did.
     */
    public double ratioSpread() {
        boolean residual = "resmlp".equals(String.valueOf(config.get("model")));
        int depth = config.get("depth") instanceof Number d ? d.intValue() : 0;
        return probes.stream()
                .filter(p -> !adiv.probe.ProbedBlock.MAP.equals(p.get("map")))
                .filter(p -> !residual || p.get("layer") instanceof Number l && l.intValue() >= 2 && l.intValue() <= depth + 1)
                .map(p -> p.get("ratio_spread")).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Epochs it trained. */
    public int epochs() {
        return testAcc.size();
    }
}
