package adiv.train;

import java.util.List;

/**
 * The outcome of one training run.
 *
 * @param status "done", or "diverged" when a training loss became NaN or infinite, or "failed" when the
 *     network threw ({@link TrainingFault}: adiv train's result of one; a sweep stores the run as failed)
 * @param epochs the completed epochs (a diverged epoch is the last, its losses not finite)
 * @param stopped why it ended: {@link #STAGNATED} (validation accuracy stopped improving for
 *     {@code patience} epochs), {@link #MAX_EPOCHS}, {@link #DIVERGED} or {@link #FAILED}
 * @param divergence where a diverged run's first non-finite value appeared; null when the run did
 *     not diverge (or its result came from elsewhere, such as a worker's reply, without it)
 */
public record RunResult(String status, List<EpochResult> epochs, String stopped, Divergence divergence) {

    public static final String DONE = "done";
    public static final String DIVERGED = "diverged";
    /** The network threw in a step or an evaluation ({@link TrainingFault}). */
    public static final String FAILED = "failed";
    /** Validation accuracy stopped improving. */
    public static final String STAGNATED = "stagnated";
    /** The run trained its most epochs (or its step limit). */
    public static final String MAX_EPOCHS = "max_epochs";

    /** A result without a divergence's location. */
    public RunResult(String status, List<EpochResult> epochs, String stopped) {
        this(status, epochs, stopped, null);
    }

    /** A result whose reason to stop follows from its status (diverged, else max_epochs). */
    public RunResult(String status, List<EpochResult> epochs) {
        this(status, epochs, DIVERGED.equals(status) ? DIVERGED : MAX_EPOCHS);
    }

    /** The last epoch, or null when none ran. */
    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /**
     * The epoch selected on the validation split: the first with the highest validation accuracy;
     * null without a validation split (or a finite validation accuracy).
     */
    public EpochResult selected() {
        return selectedIn(epochs);
    }

    /** The first epoch with the highest finite validation accuracy, or null. */
    public static EpochResult selectedIn(List<EpochResult> epochs) {
        EpochResult best = null;
        for (EpochResult e : epochs) {
            if (Double.isFinite(e.valAcc()) && (best == null || e.valAcc() > best.valAcc())) {
                best = e;
            }
        }
        return best;
    }
}
