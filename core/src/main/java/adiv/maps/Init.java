package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * How the weight W (m×n) and bias b (m) of an affine-type map start.
 *
 * <p>{@link #PYTORCH} reproduces PyTorch's {@code nn.Linear} default, so that results compare with
 * PyTorch-based research: W ~ U(−1/√n, 1/√n) (kaiming-uniform with a = √5) and b ~ U(−1/√n, 1/√n).
 * {@link #XAVIER_NORMAL} draws W ~ N(0, 2/(n+m)) with b = 0. Both draw from the engine's random
 * generator, so {@code Engine.getInstance().setRandomSeed(seed)} makes them reproducible.
 */
public enum Init {
    /** PyTorch's nn.Linear default (the default here). */
    PYTORCH,
    /** Xavier/Glorot normal weights, zero bias. */
    XAVIER_NORMAL;

    /**
     * The initializer for a weight of shape (m, n), or (m, C, k, k) for a convolution: the fan-in n
     * is everything but the first axis, the fan-out m times the receptive field.
     */
    Initializer weight() {
        return (manager, shape, dataType) -> {
            long n = fanIn(shape);
            long m = shape.get(0) * (shape.size() / shape.get(0) / shape.get(1));
            if (this == PYTORCH) {
                float bound = (float) (1.0 / Math.sqrt(n));
                return manager.randomUniform(-bound, bound, shape, dataType);
            }
            float std = (float) Math.sqrt(2.0 / (n + m));
            return manager.randomNormal(0f, std, shape, dataType);
        };
    }

    /**
     * The initializer for the bias. PyTorch's bound depends on the fan-in n, which the bias's own
     * shape does not carry, so it is read from the weight parameter (shaped before either is drawn).
     */
    Initializer bias(Parameter weight) {
        return new Initializer() {
            @Override
            public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
                if (Init.this == XAVIER_NORMAL) {
                    return manager.zeros(shape, dataType);
                }
                float bound = (float) (1.0 / Math.sqrt(fanIn(weight.getShape())));
                return manager.randomUniform(-bound, bound, shape, dataType);
            }
        };
    }

    /** Inputs per output: every axis of the weight but the first. */
    static long fanIn(Shape weightShape) {
        return weightShape.size() / weightShape.get(0);
    }

    /** Parses "pytorch" or "xavier-normal" (case and '-'/'_' insensitive). */
    public static Init parse(String name) {
        String key = name.trim().toUpperCase().replace('-', '_');
        for (Init init : values()) {
            if (init.name().equals(key)) {
                return init;
            }
        }
        throw new IllegalArgumentException(
                "unknown initialisation '" + name + "': expected pytorch or xavier-normal");
    }
}
