package adiv.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The optimizers of the experiments, with a fixed learning rate.
 *
 * <p>{@link #ADAM} has PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. DJL's
 * update folds the bias corrections into the step size, lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), which
 * puts ε at √(1−β₂ᵗ) times PyTorch's (the "ε-hat" form of the Adam paper); the two differ only
 * while √v is of the order of ε. {@link #SGD} is plain gradient descent, no momentum.
 */
public enum OptimizerKind {
    ADAM,
    SGD;

    /** A new optimizer with the given fixed learning rate. */
    public Optimizer create(float learningRate) {
        Tracker lr = Tracker.fixed(learningRate);
        if (this == ADAM) {
            return Optimizer.adam()
                    .optLearningRateTracker(lr)
                    .optBeta1(0.9f)
                    .optBeta2(0.999f)
                    .optEpsilon(1e-8f)
                    .build();
        }
        return Optimizer.sgd().setLearningRateTracker(lr).build();
    }

    /** Parses "adam" or "sgd". */
    public static OptimizerKind parse(String name) {
        switch (name.trim().toLowerCase()) {
            case "adam":
                return ADAM;
            case "sgd":
                return SGD;
            default:
                throw new IllegalArgumentException(
                        "unknown optimizer '" + name + "': expected adam or sgd");
        }
    }
}
