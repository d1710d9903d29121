package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Map;

/**
 * What the normalisers of MATH.md §8 share: a shape-preserving map y = N(x) over a batch (axis 0 is
 * the batch), optionally followed by a learnable scale γ and shift β: y ← γ ⊙ N(x) + β.
 *
 * <p>The paper drops γ and β, so both are off by default; switch them on with {@code
 * optScale(true)} and {@code optCenter(true)}. γ starts at 1 and β at 0, so either way a freshly
 * built block computes N(x).
 */
public abstract class AbstractNormaliser extends MapBlock {

    protected final Parameter gamma;
    protected final Parameter beta;

    protected AbstractNormaliser(NormaliserBuilder<?> builder) {
        gamma = builder.scale ? addParameter("gamma", Parameter.Type.GAMMA) : null;
        beta = builder.center ? addParameter("beta", Parameter.Type.BETA) : null;
    }

    /**
     * Adds one learnable scalar (DyT's a, DyISRU's u).
     *
     * @param name the parameter's name
     * @param initializer how it starts
     * @return the parameter, of shape (1)
     */
    protected final Parameter addScalar(String name, Initializer initializer) {
        return addParameter(
                parameter(name, Parameter.Type.OTHER)
                        .optShape(new Shape(1))
                        .optInitializer(initializer)
                        .build());
    }

    /**
     * The normalisation itself, without γ and β.
     *
     * @param parameterStore where this block's own parameters are read
     * @param x the batch
     * @param training whether this is a training pass
     * @return N(x), the same shape as x
     */
    protected abstract NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training);

    /**
     * N(x) as a training pass computes it, without γ and β and without changing any state (such as
     * BatchNorm's running statistics): what the one-step kernel of an affine map after it needs.
     *
     * @param x a batch
     * @return N(x)
     */
    public NDArray trainingValue(NDArray x) {
        return normalise(new ParameterStore(x.getManager(), false), x, true);
    }

    /** Whether training changes this normaliser's output (γ, β, DyT's a, DyISRU's β). */
    public boolean hasTrainableParameters() {
        return getParameters().values().stream().anyMatch(Parameter::requiresGradient);
    }

    /**
     * The shape of γ and β for an input shape: by default one value per feature of a sample
     * (everything but the batch axis); per-channel normalisers override it.
     */
    protected Shape affineShape(Shape inputShape) {
        return inputShape.slice(1);
    }

    /** {@inheritDoc} γ and β, where they are switched on. */
    @Override
    protected void describe(Map<String, Object> fields) {
        if (gamma != null) {
            fields.put("scale", true);
        }
        if (beta != null) {
            fields.put("center", true);
        }
    }

    /** {@inheritDoc} N(x), then γ and β where they are switched on. */
    @Override
    protected NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray y = normalise(parameterStore, x, training);
        if (gamma != null) {
            y = y.mul(parameterStore.getValue(gamma, x.getDevice(), training));
        }
        if (beta != null) {
            y = y.add(parameterStore.getValue(beta, x.getDevice(), training));
        }
        return y;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes[0].dimension() < 2) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName()
                            + " expects a batch of shape (B, features...), got "
                            + inputShapes[0]);
        }
        Shape shape = affineShape(inputShapes[0]);
        if (gamma != null) {
            gamma.setShape(shape);
        }
        if (beta != null) {
            beta.setShape(shape);
        }
    }

    /** The Builder options every normaliser has: γ and β. */
    public abstract static class NormaliserBuilder<T extends NormaliserBuilder<T>> extends BlockBuilder<T> {

        boolean scale;
        boolean center;

        /**
         * Whether to multiply by a learnable γ (default false, as in the paper).
         *
         * @param scale true for a learnable γ
         * @return this Builder
         */
        public T optScale(boolean scale) {
            this.scale = scale;
            return self();
        }

        /**
         * Whether to add a learnable β (default false, as in the paper).
         *
         * @param center true for a learnable β
         * @return this Builder
         */
        public T optCenter(boolean center) {
            this.center = center;
            return self();
        }
    }
}
