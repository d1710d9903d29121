package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * What the affine-type maps and the convolutions share: a weight W and a bias b (one value per
 * output), drawn by an {@link Init}, and an output that is a formula of (x, W, b). W is (m, n) for
 * an affine map and (filters, C, kh, kw) for a convolution; subclasses give the formula ({@link
 * #apply}) and the shapes.
 */
public abstract class WeightedBlock extends MapBlock {

    protected final Parameter weight;
    protected final Parameter bias;

    @SuppressWarnings("this-escape")
    protected WeightedBlock(WeightedBuilder<?> builder) {
        weight = addParameter("weight", Parameter.Type.WEIGHT);
        bias = addParameter("bias", Parameter.Type.BIAS);
        setInit(builder.init);
    }

    /**
     * Chooses how W and b will be drawn; call before the block is initialised (the builder's
     * {@code optInit} does the same).
     *
     * @param init the initialisation
     */
    public void setInit(Init init) {
        weight.setInitializer(init.weight());
        bias.setInitializer(init.bias(weight));
    }

    /** The weight parameter W: (m, n) for an affine map, (filters, C, kh, kw) for a convolution. */
    public Parameter getWeight() {
        return weight;
    }

    /** The bias parameter b, one value per output. */
    public Parameter getBias() {
        return bias;
    }

    /**
     * The block's formula.
     *
     * @param x the input: (…, n) for an affine map, (B, C, H, W) for a convolution
     * @param w the weight
     * @param b the bias
     * @return the output: (…, m), or (B, filters, H', W')
     */
    protected abstract NDArray apply(NDArray x, NDArray w, NDArray b);

    /** {@inheritDoc} */
    @Override
    protected NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        return apply(x, w, b);
    }

    /** {@inheritDoc} The input size (n, or C for a convolution) once initialisation has shaped W. */
    @Override
    protected void describe(Map<String, Object> fields) {
        Shape w = weight.getShape();
        if (w != null) {
            fields.put("in", w.get(1));
        }
    }

    /**
     * The output a training pass computes for x with the current parameters, but with no side
     * effect (no gradient recorded, no running statistic updated) and in x's data type: the
     * parameters are widened to it, so float64 inputs give float64 outputs. The probe measures Δz
     * with it.
     *
     * @param x the input
     * @return the output
     */
    public NDArray trainingValue(NDArray x) {
        return apply(prepareInput(x), detached(x, weight.getArray()), detached(x, bias.getArray()));
    }

    /**
     * What the formula receives for an input, as a training pass computes it without side effects:
     * the input itself, or a normaliser's output in {@link NormalisedAffine}.
     */
    protected NDArray prepareInput(NDArray x) {
        return x;
    }

    /** A parameter's current value in x's data type, detached from the graph, owned by x's manager. */
    private static NDArray detached(NDArray x, NDArray parameter) {
        return Axes.ownedBy(x, parameter.stopGradient()).toType(x.getDataType(), true);
    }

    /** The Builder options of every block with W and b. */
    public abstract static class WeightedBuilder<T extends WeightedBuilder<T>>
            extends BlockBuilder<T> {

        Init init = Init.PYTORCH;

        /**
         * Sets how W and b are drawn (default {@link Init#PYTORCH}, PyTorch's own default for
         * nn.Linear and nn.Conv2d).
         *
         * @param init the initialisation
         * @return this Builder
         */
        public T optInit(Init init) {
            this.init = init;
            return self();
        }
    }
}
