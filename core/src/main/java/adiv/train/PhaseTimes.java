package adiv.train;

/**
 * Wall time spent in each phase of training, accumulated across steps: where an epoch goes, as
 * the training loop sees it. On a CPU every engine call returns when its work is done, so the time
 * between two marks is the time of the work in between; on a GPU the marks measure launch time
 * only. Reading the clock costs tens of nanoseconds per mark, a few marks per step.
 */
public final class PhaseTimes {

    /** The phases of a step, and the evaluation after an epoch. */
    public enum Phase {
        /** Selecting the step's examples (gather or slice). */
        DATA,
        /** The network's forward pass and the loss. */
        FORWARD,
        /** Backpropagation. */
        BACKWARD,
        /** Reading the loss back and the parameter update. */
        OPTIMIZER,
        /** The validation and test passes after an epoch. */
        EVALUATION
    }

    /** Nanoseconds by phase ordinal: a mark in every step boxes nothing. */
    private final long[] nanos = new long[Phase.values().length];
    private long last;

    /** Starts timing from now (what came before is not counted). */
    public void start() {
        last = System.nanoTime();
    }

    /** Charges the time since the last mark (or start) to the phase. */
    public void mark(Phase phase) {
        long now = System.nanoTime();
        nanos[phase.ordinal()] += now - last;
        last = now;
    }

    /** Seconds charged to the phase so far. */
    public double seconds(Phase phase) {
        return nanos[phase.ordinal()] / 1e9;
    }

    /** Forgets every charge. */
    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }
}
