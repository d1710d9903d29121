package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Parameterless layer normalisation of each sample (MATH.md §8):
 *
 * <pre>
 *     y = (x − mean(x)) / √(var(x) + ε)
 * </pre>
 *
 * <p>mean and (biased) var are taken over all of a sample's features, ε = 1e-5 by default (as in
 * PyTorch). The same in training and evaluation. The theory makes no alignment prediction for it
 * (MATH.md §4).
 */
public class LayerNorm extends EpsilonNormaliser {

    protected LayerNorm(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build a {@code LayerNorm}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        int[] axes = Axes.sample(x);
        NDArray centred = x.sub(Axes.mean(x, axes));
        NDArray variance = Axes.mean(centred.square(), axes);
        return centred.div(variance.add(epsilon).sqrt());
    }

    /** The Builder to construct a {@link LayerNorm}. */
    public static final class Builder extends EpsilonBuilder<Builder> {

        Builder() {
            super(1e-5f);
        }

        /** Builds the {@link LayerNorm} block. */
        public LayerNorm build() {
            return new LayerNorm(this);
        }
    }
}
