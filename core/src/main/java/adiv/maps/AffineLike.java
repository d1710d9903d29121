package adiv.maps;

import ai.djl.ndarray.NDArray;

/**
 * The affine-like map, the paper's proportional structural correction (MATH.md §2):
 *
 * <pre>
 *     z = (W x + b) / √(‖x‖² + 1)
 * </pre>
 *
 * <p>With α = β = 1/√(‖x‖²+1), one plain step gives Δz = −η g (α²‖x‖² + β²) = −η g: exactly the
 * representation's steepest descent. It keeps every degree of freedom of the affine map (it is not
 * scale-invariant and projects nothing away) and its input gradient is bounded. Batch kernel (§4):
 * K_st = (x_s·x_t + 1) / (√(‖x_s‖²+1) √(‖x_t‖²+1)), so K_ss = 1.
 *
 * <p>No ε is needed: the denominator is at least 1.
 */
public class AffineLike extends AbstractAffineMap {

    protected AffineLike(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build an {@code AffineLike} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** 1/√(‖x‖² + 1) over the last axis, kept for broadcasting. */
    static NDArray inverseScale(NDArray x) {
        return Scalars.power(Axes.squaredNorm(x, Axes.last(x)).add(1), -0.5);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        // A product rather than a quotient: its backward pass makes fewer full-size temporaries.
        return Products.linear(x, w, b).mul(inverseScale(x));
    }

    /** {@inheritDoc} K_st = (x_s·x_t + 1)/(√(‖x_s‖²+1)√(‖x_t‖²+1)). */
    @Override
    public NDArray kernel(NDArray x) {
        NDArray c = inverseScale(x);
        return plainKernel(x).mul(c.matMul(c.transpose()));
    }

    /** The Builder to construct an {@link AffineLike} map. */
    public static final class Builder extends AffineMapBuilder<Builder> {

        Builder() {}

        /** Builds the {@link AffineLike} block. */
        public AffineLike build() {
            return new AffineLike(this);
        }
    }
}
