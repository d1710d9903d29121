package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * A normaliser followed by an affine map, z = W N(x) + b: the "normaliser + affine" layer of the
 * paper's conventional networks (MATH.md §9), with the normaliser before the affine map.
 *
 * <p>For a parameterless normaliser, z is linear in (W, b) for fixed x, and one plain step moves it
 * with the kernel K_st = N(x)_s·N(x)_t + 1 (MATH.md §4 with N(x) in place of x): L2 gives the
 * norm-like map; RMSNorm and LayerNorm give ‖N(x)‖² + 1 ≈ n + 1 for every sample (weight share ρ =
 * n/(n+1), MATH.md §2): the same for every sample, but n+1 times the representation's steepest
 * descent. With γ/β or a trainable normaliser (DyT, DyISRU) z is no longer linear in the trained
 * parameters, and {@link #kernel} refuses.
 */
public class NormalisedAffine extends AbstractAffineMap {

    private final AbstractNormaliser normaliser;

    @SuppressWarnings("this-escape")
    protected NormalisedAffine(Builder builder) {
        super(builder);
        if (builder.normaliser == null) {
            throw new IllegalArgumentException("a normaliser is required (setNormaliser)");
        }
        normaliser = addChildBlock("normaliser", builder.normaliser);
    }

    /** Creates a builder to build a {@code NormalisedAffine} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** The normaliser applied before the affine map. */
    public AbstractNormaliser getNormaliser() {
        return normaliser;
    }

    /** {@inheritDoc} Then the normaliser, as its own toString shows it. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("normaliser", normaliser);
    }

    /** {@inheritDoc} The normaliser's output goes through the affine map. */
    @Override
    protected NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        NDList normalised = normaliser.forward(parameterStore, new NDList(x), training);
        return super.forward(parameterStore, normalised.singletonOrThrow(), training);
    }

    /** {@inheritDoc} The normaliser's training-pass output, without side effects. */
    @Override
    protected NDArray prepareInput(NDArray x) {
        return normaliser.trainingValue(x);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        return Products.linear(x, w, b);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        normaliser.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} K_st = N(x)_s·N(x)_t + 1, with N as in a training pass. */
    @Override
    public NDArray kernel(NDArray x) {
        if (normaliser.hasTrainableParameters()) {
            throw new UnsupportedOperationException(
                    normaliser.getClass().getSimpleName()
                            + " has trainable parameters: z is not linear in them, so one step has"
                            + " no input-only kernel");
        }
        return plainKernel(prepareInput(x));
    }

    /** The Builder to construct a {@link NormalisedAffine} map. */
    public static final class Builder extends AffineMapBuilder<Builder> {

        AbstractNormaliser normaliser;

        Builder() {}

        /**
         * Sets the normaliser applied before the affine map.
         *
         * @param normaliser a new, unshared normaliser block
         * @return this Builder
         */
        public Builder setNormaliser(AbstractNormaliser normaliser) {
            this.normaliser = normaliser;
            return this;
        }

        /** Builds the {@link NormalisedAffine} block. */
        public NormalisedAffine build() {
            return new NormalisedAffine(this);
        }
    }
}
