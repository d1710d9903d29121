package adiv.maps;

import ai.djl.ndarray.NDArray;

/**
 * The norm-like map, the paper's disproportional structural correction (MATH.md §2):
 *
 * <pre>
 *     z = W x / ‖x‖ + b        (parameterless L2 normalisation, then affine)
 * </pre>
 *
 * <p>With α = 1/‖x‖, β = 1: Δz = −η g (α²‖x‖² + β²) = −2 η g. The divergence is gone (the ratio is
 * the same for every sample) but the effective step is doubled, so compare it at η and at η/2.
 * Batch kernel (§4): K_st = x̂_s·x̂_t + 1, K_ss = 2.
 *
 * <p>The norm is {@link L2Norm}'s smoothed one: ‖x‖ is replaced by √(‖x‖² + ε²) (ε = {@value
 * L2Norm#DEFAULT_EPSILON} by default) so that x = 0 gives finite values and gradients. This
 * reintroduces a tiny divergence: K_ss = 1 + ‖x‖²/(‖x‖² + ε²), which differs from 2 by about
 * ε²/‖x‖². {@link #kernel} includes it exactly.
 */
public class NormLike extends SmoothedNormMap {

    protected NormLike(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build a {@code NormLike} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        // W (x/‖x‖) = (W x)/‖x‖: scaling the (…, m) product instead of the (…, n) input is cheaper
        // whenever m ≤ n, and it is the same number.
        NDArray wx = Products.linear(x, w, null);
        return wx.mul(inverseNorm(x)).add(b);
    }

    /** {@inheritDoc} K_st = x̂_s·x̂_t + 1 with x̂ = x/√(‖x‖²+ε²). */
    @Override
    public NDArray kernel(NDArray x) {
        return plainKernel(normalised(x));
    }

    /** The Builder to construct a {@link NormLike} map. */
    public static final class Builder extends SmoothedNormBuilder<Builder> {

        Builder() {}

        /** Builds the {@link NormLike} block. */
        public NormLike build() {
            return new NormLike(this);
        }
    }
}
