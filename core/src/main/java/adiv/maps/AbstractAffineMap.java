package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What every affine-type map shares: a weight W (m×n) and a bias b (m), shaped from the input's last
 * axis on initialisation and drawn by an {@link Init}. Subclasses supply only their formula
 * ({@link #apply}) and their kernel ({@link #kernel}).
 *
 * <p>Inputs may have any leading axes (…, n); the map acts on the last axis.
 */
public abstract class AbstractAffineMap extends AbstractBlock implements AffineMap {

    protected final int units;
    protected final Parameter weight;
    protected final Parameter bias;

    @SuppressWarnings("this-escape")
    protected AbstractAffineMap(AffineMapBuilder<?> builder) {
        if (builder.units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + builder.units);
        }
        units = builder.units;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .build());
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

    /** {@inheritDoc} */
    @Override
    public int getUnits() {
        return units;
    }

    /** The weight parameter W (m×n). */
    public Parameter getWeight() {
        return weight;
    }

    /** The bias parameter b (m). */
    public Parameter getBias() {
        return bias;
    }

    /**
     * The map's formula.
     *
     * @param x input (…, n)
     * @param w weight (m, n)
     * @param b bias (m)
     * @return output (…, m)
     */
    protected abstract NDArray apply(NDArray x, NDArray w, NDArray b);

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray trainingValue(NDArray x) {
        return apply(prepareInput(x), as(x, weight.getArray()), as(x, bias.getArray()));
    }

    /**
     * What the map's formula receives for an input, as a training pass computes it without side
     * effects: the input itself, or a normaliser's output in {@link NormalisedAffine}.
     */
    protected NDArray prepareInput(NDArray x) {
        return x;
    }

    /** A parameter's current value in x's data type, detached from the graph, owned by x's manager. */
    private static NDArray as(NDArray x, NDArray parameter) {
        NDArray detached = Axes.ownedBy(x, parameter.stopGradient());
        return detached.toType(x.getDataType(), true);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(units)};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 1) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " expects inputs of shape (…, n), got " + in);
        }
        long n = in.get(in.dimension() - 1);
        weight.setShape(new Shape(units, n));
        bias.setShape(new Shape(units));
    }

    /** The plain affine kernel x_s·x_t + 1 (MATH.md §4, first row), for inputs (B, n). */
    protected static NDArray plainKernel(NDArray x) {
        requireBatch(x);
        return x.matMul(x.transpose()).add(1);
    }

    /** Checks that kernel inputs are a (B, n) batch. */
    protected static void requireBatch(NDArray x) {
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "a kernel needs inputs of shape (B, n), got " + x.getShape());
        }
    }

    /** The Builder shared by all affine-type maps, in the style of DJL's own blocks. */
    public abstract static class AffineMapBuilder<T extends AffineMapBuilder<T>> extends BlockBuilder<T> {

        int units;
        Init init = Init.PYTORCH;

        /**
         * Sets the number of outputs m.
         *
         * @param units m &gt; 0
         * @return this Builder
         */
        public T setUnits(long units) {
            this.units = Math.toIntExact(units);
            return self();
        }

        /**
         * Sets how W and b are drawn (default {@link Init#PYTORCH}).
         *
         * @param init the initialisation
         * @return this Builder
         */
        public T optInit(Init init) {
            this.init = init;
            return self();
        }
    }

    /** The Builder of a map that divides by a smoothed norm √(‖x‖² + ε²): adds ε. */
    public abstract static class SmoothedNormBuilder<T extends SmoothedNormBuilder<T>>
            extends AffineMapBuilder<T> {

        float epsilon;

        protected SmoothedNormBuilder(float defaultEpsilon) {
            epsilon = defaultEpsilon;
        }

        /**
         * Sets ε of the smoothed norm √(‖x‖² + ε²).
         *
         * @param epsilon ε &gt; 0
         * @return this Builder
         */
        public T optEpsilon(float epsilon) {
            L2Norm.checkEpsilon(epsilon);
            this.epsilon = epsilon;
            return self();
        }
    }
}
