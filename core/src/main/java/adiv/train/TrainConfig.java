package adiv.train;

/**
 * How one network is trained.
 *
 * @param epochs passes over the training split
 * @param batch examples per step (the last step of an epoch takes the remainder)
 * @param learningRate the fixed step size η
 * @param optimizer Adam or plain SGD
 * @param seed seeds the parameters' initialisation and the shuffling
 * @param maxSteps stop after this many steps in all (the epoch it falls in ends there and is
 *     evaluated); 0 for no limit
 */
public record TrainConfig(
        int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed, long maxSteps) {

    /** No step limit. */
    public TrainConfig(int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed) {
        this(epochs, batch, learningRate, optimizer, seed, 0);
    }

    /** Validates every field, naming the one at fault. */
    public TrainConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("lr must be a positive number, got " + learningRate);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("steps must be 0 (no limit) or more, got " + maxSteps);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be given");
        }
    }
}
