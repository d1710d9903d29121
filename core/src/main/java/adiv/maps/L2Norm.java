package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Parameterless L2 normalisation of each sample (MATH.md §8): y = x / √(‖x‖² + ε²).
 *
 * <p>The norm is taken over all of a sample's features (every axis but the batch). ε (default
 * {@value #DEFAULT_EPSILON}) keeps x = 0 finite in value (0) and gradient (I/ε); for ‖x‖ ≫ ε it
 * changes the output by a relative ε²/(2‖x‖²). Followed by an affine map this is the norm-like
 * correction ({@link NormLike}, which calls {@link #normalize}).
 */
public class L2Norm extends EpsilonNormaliser {

    /** The default ε of √(‖x‖² + ε²). */
    public static final float DEFAULT_EPSILON = 1e-6f;

    protected L2Norm(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build an {@code L2Norm}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * x / √(‖x‖² + ε²), the norm taken over the given axes: the one definition of the smoothed L2
     * normalisation that every block here uses.
     *
     * @param x the input
     * @param epsilon ε &gt; 0
     * @param axes the axes of one vector
     * @return the normalised input
     */
    public static NDArray normalize(NDArray x, float epsilon, int[] axes) {
        return x.mul(inverseNorm(x, epsilon, axes));
    }

    /**
     * 1/√(‖x‖² + ε²) over the given axes, kept for broadcasting: the factor of {@link #normalize},
     * for maps that apply it after a product rather than to x itself.
     */
    public static NDArray inverseNorm(NDArray x, float epsilon, int[] axes) {
        return Scalars.power(Axes.squaredNorm(x, axes).add((double) epsilon * epsilon), -0.5);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        return normalize(x, epsilon, Axes.sample(x));
    }

    /** The Builder to construct an {@link L2Norm}. */
    public static final class Builder extends EpsilonBuilder<Builder> {

        Builder() {
            super(DEFAULT_EPSILON);
        }

        /** Builds the {@link L2Norm} block. */
        public L2Norm build() {
            return new L2Norm(this);
        }
    }
}
