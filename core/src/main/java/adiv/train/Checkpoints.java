package adiv.train;

import ai.djl.ndarray.NDManager;

/**
 * Where a training run keeps its state between epochs ({@link TrainingState}), so that a run
 * stopped at any moment, its process killed included, continues from its last finished epoch.
 */
public interface Checkpoints {

    /**
     * The state saved last, or null to start from the beginning.
     *
     * @param manager holds the arrays read (the caller closes them)
     */
    TrainingState load(NDManager manager);

    /** Saves the state after an epoch, replacing the one before. */
    void save(TrainingState state);

    /** Keeps nothing: every run starts from the beginning. */
    Checkpoints NONE = new Checkpoints() {
        @Override
        public TrainingState load(NDManager manager) {
            return null;
        }

        @Override
        public void save(TrainingState state) {}
    };
}
