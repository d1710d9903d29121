package adiv.train;

/** Hears about a run's progress (for progress bars and logs); every method may be left empty. */
public interface TrainingListener {

    /**
     * The kernels the network calls were checked before training ({@link KernelCheck}); where one
     * was wrong, the run computes it in float64 ({@link KernelCheck.Report#routed}).
     */
    default void kernelsChecked(KernelCheck.Report report) {}

    /** The run continues from a checkpoint taken after these epochs. */
    default void resumed(java.util.List<EpochResult> epochs) {}

    /** An epoch begins with this many steps. */
    default void epochStarted(int epoch, int steps) {}

    /**
     * A step ended.
     *
     * @param step 1-based within the epoch
     * @param examples examples seen so far in the epoch
     * @param runningLoss the mean training loss so far in the epoch
     */
    default void stepEnded(int step, long examples, double runningLoss) {}

    /** An epoch ended (after its evaluation). */
    default void epochEnded(EpochResult result) {}

    /** A listener that hears nothing. */
    TrainingListener NONE = new TrainingListener() {};
}
