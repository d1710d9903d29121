package adiv.train;

import java.util.List;

/**
 * The outcome of one training run.
 *
 * @param status "done", or "diverged" when a training loss became NaN or infinite
 * @param epochs the completed epochs (a diverged epoch is the last, its losses not finite)
 */
public record RunResult(String status, List<EpochResult> epochs) {

    public static final String DONE = "done";
    public static final String DIVERGED = "diverged";

    /** The last epoch, or null when none ran. */
    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
