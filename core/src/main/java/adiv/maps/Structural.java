package adiv.maps;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The structural family with a fixed weight share ρ ∈ (0, 1) (MATH.md §2):
 *
 * <pre>
 *     z = √ρ · W x/‖x‖ + √(1−ρ) · b
 * </pre>
 *
 * <p>α = √ρ/‖x‖, β = √(1−ρ), so α²‖x‖² + β² = 1: aligned (Δz = −η g) with a fixed share ρ of the
 * step carried by the weights and 1−ρ by the bias. ρ = ½ is the norm-like map with its doubled
 * step halved. Batch kernel (§4): K_st = ρ x̂_s·x̂_t + (1−ρ), K_ss = 1. The norm is smoothed as in
 * {@link NormLike} (same ε, same tiny residual divergence).
 */
public class Structural extends SmoothedNormMap {

    /** The default weight share: the norm-like proportions, with the step aligned. */
    public static final float DEFAULT_RHO = 0.5f;

    private final float rho;

    protected Structural(Builder builder) {
        super(builder);
        rho = builder.rho;
    }

    /** Creates a builder to build a {@code Structural} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** The weight share ρ. */
    public float getRho() {
        return rho;
    }

    /** {@inheritDoc} Then ρ. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("rho", rho);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        // As in NormLike, the (…, m) product is scaled rather than the (…, n) input.
        NDArray wx = Products.linear(x, w, null);
        NDArray weightScale = Scalars.times(inverseNorm(x), Math.sqrt(rho));
        NDArray biasPart = Axes.ownedBy(x, Scalars.times(b, Math.sqrt(1.0 - rho)));
        return wx.mul(weightScale).add(biasPart);
    }

    /** {@inheritDoc} K_st = ρ x̂_s·x̂_t + (1−ρ). */
    @Override
    public NDArray kernel(NDArray x) {
        requireBatch(x);
        NDArray xHat = normalised(x);
        return Scalars.times(xHat.matMul(xHat.transpose()), rho).add(1 - rho);
    }

    /** The Builder to construct a {@link Structural} map. */
    public static final class Builder extends SmoothedNormBuilder<Builder> {

        float rho = DEFAULT_RHO;

        Builder() {}

        /**
         * Sets the weight share ρ.
         *
         * @param rho strictly between 0 and 1
         * @return this Builder
         */
        public Builder optRho(float rho) {
            if (!(rho > 0 && rho < 1)) {
                throw new IllegalArgumentException(
                        "rho (the weight share) must lie strictly between 0 and 1, got " + rho);
            }
            this.rho = rho;
            return this;
        }

        /** Builds the {@link Structural} block. */
        public Structural build() {
            return new Structural(this);
        }
    }
}
