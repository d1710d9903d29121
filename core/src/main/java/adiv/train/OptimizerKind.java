package adiv.train;

import ai.djl.ndarray.NDManager;

/**
 * The optimizers of the experiments, with a fixed learning rate.
 *
 * <p>{@link #ADAM} has PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. DJL's
 * update folds the bias corrections into the step size, lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), which
 * puts ε at √(1−β₂ᵗ) times PyTorch's (the "ε-hat" form of the Adam paper); the two differ only
 * while √v is of the order of ε. {@link #SGD} is plain gradient descent, no momentum. Both run DJL's
 * update kernels with state adiv owns ({@link ParameterUpdater}), so that a checkpoint can keep it.
 */
public enum OptimizerKind {
    ADAM,
    SGD;

    /** A new optimizer with the given fixed learning rate, its state kept in the manager. */
    public ParameterUpdater create(float learningRate, NDManager manager) {
        return this == ADAM ? ParameterUpdater.adam(learningRate, manager) : ParameterUpdater.sgd(learningRate, manager);
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
