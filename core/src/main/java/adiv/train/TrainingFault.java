package adiv.train;

import java.util.List;

/**
 * The network threw in the middle of a run: in a training step (its forward or backward pass, the
 * update, the probe watching it) or while evaluating after an epoch. Carries where (the epoch, the
 * step counted from the run's start and within its epoch, or the evaluation), the epochs finished
 * before it, whole and measured, and what was thrown as its cause. The network's parameters may be
 * half-updated: only the finished epochs are results.
 */
public final class TrainingFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Where in an epoch it happened. */
    public enum Phase {
        /** A training step: forward, loss, backward, the update. */
        TRAINING("training"),
        /** Evaluating on the validation split after the epoch's steps. */
        VALIDATION("evaluation"),
        /** Evaluating on the test set after the epoch's steps. */
        TEST("evaluation");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** "training" or "evaluation", as result.json says. */
        public String label() {
            return label;
        }
    }

    private final int epoch;
    private final long step;
    private final int stepInEpoch;
    private final int stepsInEpoch;
    private final Phase phase;
    private final transient List<EpochResult> epochs;

    /**
     * @param epoch the epoch it happened in, 1-based
     * @param step the run's step (counted from its start, 1-based) it happened in, or during
     *     evaluation the last step trained
     * @param stepInEpoch that step within its epoch (1-based)
     * @param stepsInEpoch the epoch's steps
     * @param epochs the epochs finished before it
     */
    TrainingFault(int epoch, long step, int stepInEpoch, int stepsInEpoch, Phase phase, List<EpochResult> epochs,
            Throwable cause) {
        super(null, cause);
        this.epoch = epoch;
        this.step = step;
        this.stepInEpoch = stepInEpoch;
        this.stepsInEpoch = stepsInEpoch;
        this.phase = phase;
        this.epochs = List.copyOf(epochs);
    }

    public int epoch() {
        return epoch;
    }

    /** The run's step (from its start, 1-based); during evaluation the last one trained. */
    public long step() {
        return step;
    }

    /** The step within its epoch (1-based); during evaluation the epoch's last. */
    public int stepInEpoch() {
        return stepInEpoch;
    }

    public int stepsInEpoch() {
        return stepsInEpoch;
    }

    public Phase phase() {
        return phase;
    }

    /** The epochs finished before the fault (a resumed run's earlier ones included). */
    public List<EpochResult> epochs() {
        return epochs;
    }

    /**
     * Where, in words: "in epoch 2 at step 7 (step 3 of the epoch's 4)", or "in epoch 2 while
     * evaluating on the test set (after step 8)".
     */
    public String where() {
        if (phase == Phase.TRAINING) {
            return "in epoch " + epoch + " at step " + step + " (step " + stepInEpoch + " of the epoch's " + stepsInEpoch + ")";
        }
        return "in epoch " + epoch + " while evaluating on the " + (phase == Phase.TEST ? "test set" : "validation split")
                + " (after step " + step + ")";
    }

    /**
     * What was thrown, in one line: its message's first line (libtorch's go on with its native
     * frames), or its class's simple name where it has no message.
     */
    public String what() {
        return what(getCause());
    }

    /** A throwable's message's first line that is not blank, or its class's simple name where it has none. */
    public static String what(Throwable t) {
        String m = t.getMessage();
        if (m != null) {
            for (String line : m.split("\\R")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return t.getClass().getSimpleName();
    }

    /** "in epoch E at step S (...): what was thrown". */
    @Override
    public String getMessage() {
        return where() + ": " + what();
    }
}
