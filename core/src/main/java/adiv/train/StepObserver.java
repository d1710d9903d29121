package adiv.train;

/**
 * Watches training steps from inside the loop (the divergence probe is one): it hears of a step
 * before its forward pass and again after the optimizer has updated the parameters, while the
 * step's arrays are still alive.
 */
public interface StepObserver {

    /** Step {@code step} (1-based, counted across epochs) is about to run its forward pass. */
    default void beforeStep(long step) {}

    /** Step {@code step} has updated the parameters; its batch's arrays are still alive. */
    default void afterUpdate(long step) {}

    /** What the observer has kept so far, for a checkpoint (empty when it keeps nothing). */
    default byte[] saveState() {
        return new byte[0];
    }

    /** Takes back what {@link #saveState} gave, when a run continues from a checkpoint. */
    default void restoreState(byte[] state) {}

    /** Observes nothing. */
    StepObserver NONE = new StepObserver() {};
}
