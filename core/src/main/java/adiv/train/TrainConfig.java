package adiv.train;

import adiv.maps.Precision;

/**
 * How one network is trained.
 *
 * @param epochs the most passes over the training split (max_epochs): with {@code patience} a run
 *     may stop sooner, without it it trains exactly this many
 * @param batch examples per step (the last step of an epoch takes the remainder)
 * @param learningRate the fixed step size η
 * @param optimizer Adam or plain SGD
 * @param seed seeds the parameters' initialisation, the shuffling and the validation split
 * @param maxSteps stop after this many steps in all (the epoch it falls in ends there and is
 *     evaluated); 0 for no limit
 * @param validation the fraction of the training set held out as a validation split (0: none), the
 *     same examples for every run with this seed; the rest is trained on
 * @param patience stop once validation accuracy has not improved for this many epochs (0: never,
 *     train {@code epochs} epochs); needs a validation split
 * @param precision the precision of the maps' products (float32, or bf16 products with float32
 *     parameters and everything else float32)
 */
public record TrainConfig(
        int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed, long maxSteps,
        double validation, int patience, Precision precision) {

    /** In float32. */
    public TrainConfig(
            int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed, long maxSteps,
            double validation, int patience) {
        this(epochs, batch, learningRate, optimizer, seed, maxSteps, validation, patience, Precision.FLOAT32);
    }

    /** The fixed-epoch protocol without a validation split. */
    public TrainConfig(int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed) {
        this(epochs, batch, learningRate, optimizer, seed, 0);
    }

    /** The fixed-epoch protocol without a validation split, with a step limit. */
    public TrainConfig(int epochs, int batch, float learningRate, OptimizerKind optimizer, long seed, long maxSteps) {
        this(epochs, batch, learningRate, optimizer, seed, maxSteps, 0, 0);
    }

    /** Validates every field, naming the one at fault. */
    public TrainConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("max_epochs must be positive, got " + epochs);
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
        if (precision == null) {
            throw new IllegalArgumentException("precision must be given");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be given");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("validation must be a fraction in [0, 1), got " + validation);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be a number of epochs or none, got " + patience);
        }
        if (patience > 0 && validation == 0) {
            throw new IllegalArgumentException("patience needs a validation split: set validation above 0, or patience: none");
        }
    }

    /** The examples an epoch trains on out of a training set of n: those the validation split leaves. */
    public int trainingExamples(int n) {
        return n - (int) Math.round(n * validation);
    }

    /** This configuration with a step limit (for calibration). */
    public TrainConfig withMaxSteps(long steps) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, seed, steps, validation, patience, precision);
    }
}
