package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * Parameterless RMS normalisation of each sample (MATH.md §8):
 *
 * <pre>
 *     y = x / √(mean(x²) + ε)   = √n · x/‖x‖  as ε → 0
 * </pre>
 *
 * <p>mean over all n features of a sample, ε = 1e-6 by default; or, with {@code
 * optOverChannels(true)} for image batches (B, C, H, W), over the C channels at each position. Followed by an affine map its
 * weight share is ρ = n/(n+1) (MATH.md §2) and its one-step ratio n+1: constant across samples but
 * far from 1.
 */
public class RmsNorm extends EpsilonNormaliser {

    private final boolean overChannels;

    protected RmsNorm(Builder builder) {
        super(builder);
        overChannels = builder.overChannels;
    }

    /** Creates a builder to build an {@code RmsNorm}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} Then overChannels, where it is switched on. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        if (overChannels) {
            fields.put("overChannels", true);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        int[] axes = overChannels ? new int[] {1} : Axes.sample(x);
        return x.div(Axes.mean(x.square(), axes).add(epsilon).sqrt());
    }

    /** The Builder to construct an {@link RmsNorm}. */
    public static final class Builder extends EpsilonBuilder<Builder> {

        boolean overChannels;

        /**
         * Normalises over the channels (axis 1) at each position instead of over a whole sample:
         * "RMS over channels" for convolutional networks.
         *
         * @param overChannels true for per-position RMS over channels
         * @return this Builder
         */
        public Builder optOverChannels(boolean overChannels) {
            this.overChannels = overChannels;
            return this;
        }

        Builder() {
            super(1e-6f);
        }

        /** Builds the {@link RmsNorm} block. */
        public RmsNorm build() {
            return new RmsNorm(this);
        }
    }
}
