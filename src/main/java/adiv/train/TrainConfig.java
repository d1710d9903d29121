package adiv.train;

/**
 * How one network is trained.
 *
 * @param epochs passes over the training split
 * @param batch examples per step (the last step of an epoch takes the remainder)
 * @param learningRate the fixed step size η
 * @param optimizer Adam or plain SGD
 * @param seed seeds the parameters' initialisation and the shuffling
 */
public record TrainConfig(
        int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed) {

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
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be given");
        }
    }
}
