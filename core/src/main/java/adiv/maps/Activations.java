package adiv.maps;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;

/**
 * The activations of the paper's networks (MATH.md §8): standard tanh, leaky-ReLU (slope 0.01 by
 * default), isotropic tanh, and none (identity, for the experiment where parameterless normalisers
 * alone supply the nonlinearity).
 */
public final class Activations {

    /** The default negative slope of leaky-ReLU. */
    public static final float DEFAULT_LEAKY_SLOPE = 0.01f;

    /** The names {@link #byName} accepts. */
    public static final String NAMES = "tanh, leaky-relu, isotropic-tanh, none";

    private Activations() {}

    /** Element-wise tanh. */
    public static Block tanh() {
        return Activation.tanhBlock();
    }

    /** Leaky-ReLU with slope {@value #DEFAULT_LEAKY_SLOPE} for negative inputs. */
    public static Block leakyRelu() {
        return leakyRelu(DEFAULT_LEAKY_SLOPE);
    }

    /**
     * Leaky-ReLU: x for x &gt; 0, slope·x otherwise.
     *
     * @param slope the negative slope
     * @return the block
     */
    public static Block leakyRelu(float slope) {
        return Activation.leakyReluBlock(slope);
    }

    /** Isotropic tanh, tanh(‖x‖) x/‖x‖ (see {@link IsotropicTanh}). */
    public static Block isotropicTanh() {
        return new IsotropicTanh();
    }

    /** No activation. */
    public static Block identity() {
        return Blocks.identityBlock();
    }

    /**
     * Whether the activation is element-wise and non-decreasing (tanh, leaky-ReLU, none), so that
     * max pooling gives the same values before it as after it: max(σ(a), σ(b)) = σ(max(a, b)).
     * Isotropic tanh mixes the features, so it does not.
     *
     * @param name one of {@value #NAMES}
     * @return true when pooling may come first
     */
    public static boolean commutesWithMaxPool(String name) {
        Block block = byName(name);
        return !(block instanceof IsotropicTanh);
    }

    /**
     * The activation with this name.
     *
     * @param name one of {@value #NAMES} ("identity" also means none)
     * @return a new block
     */
    public static Block byName(String name) {
        switch (name.trim().toLowerCase()) {
            case "tanh":
                return tanh();
            case "leaky-relu":
            case "leakyrelu":
            case "leaky_relu":
                return leakyRelu();
            case "isotropic-tanh":
            case "isotropic_tanh":
                return isotropicTanh();
            case "none":
            case "identity":
                return identity();
            default:
                throw new IllegalArgumentException(
                        "unknown activation '" + name + "': expected one of " + NAMES);
        }
    }
}
