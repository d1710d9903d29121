package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Parameterless batch normalisation (MATH.md §8): per feature, over the batch,
 *
 * <pre>
 *     y = (x − μ_B) / √(σ²_B + ε)
 * </pre>
 *
 * <p>Axis 1 holds the features (or channels); μ_B and the biased σ²_B are taken over every other
 * axis, so (B, n) inputs give BatchNorm1d and (B, C, H, W) inputs BatchNorm2d. In training the
 * batch statistics are used and running statistics are updated as PyTorch does: r ← (1−m) r + m s
 * with momentum m = 0.1 and the unbiased variance. In evaluation the running statistics are used.
 * ε = 1e-5. Training on one value per feature is refused, as in PyTorch (the variance would be 0).
 */
public class BatchNorm extends EpsilonNormaliser {

    private final float momentum;
    private final Parameter runningMean;
    private final Parameter runningVar;

    protected BatchNorm(Builder builder) {
        super(builder);
        momentum = builder.momentum;
        runningMean = addParameter(statistic("runningMean", Parameter.Type.RUNNING_MEAN));
        runningVar = addParameter(statistic("runningVar", Parameter.Type.RUNNING_VAR));
    }

    /** A running statistic: bookkeeping that training updates in place, not a trained parameter. */
    private static Parameter statistic(String name, Parameter.Type type) {
        return parameter(name, type).optRequiresGrad(false).build();
    }

    /** Creates a builder to build a {@code BatchNorm}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The running mean, one value per feature. */
    public Parameter getRunningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, one value per feature. */
    public Parameter getRunningVar() {
        return runningVar;
    }

    /** {@inheritDoc} Then the momentum of the running statistics. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("momentum", momentum);
    }

    /** Per-feature shape that broadcasts against (B, C, rest...): (C, 1, ..., 1). */
    @Override
    protected Shape affineShape(Shape inputShape) {
        long[] dims = new long[inputShape.dimension() - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = inputShape.get(1);
        return new Shape(dims);
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        super.prepare(inputShapes);
        Shape perFeature = affineShape(inputShapes[0]);
        runningMean.setShape(perFeature);
        runningVar.setShape(perFeature);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray mean = parameterStore.getValue(runningMean, x.getDevice(), training);
        NDArray var = parameterStore.getValue(runningVar, x.getDevice(), training);
        if (!training) {
            return x.sub(mean).div(Axes.ownedBy(x, var.add(epsilon)).sqrt());
        }
        return standardise(x, mean, var);
    }

    /** {@inheritDoc} Uses the batch statistics and leaves the running statistics alone. */
    @Override
    public NDArray trainingValue(NDArray x) {
        return standardise(x, null, null);
    }

    /**
     * The training-mode output, with the batch's own statistics; running statistics, when given,
     * are updated.
     */
    private NDArray standardise(NDArray x, NDArray runningMean, NDArray runningVar) {
        int ndim = x.getShape().dimension();
        int[] axes = IntStream.range(0, ndim).filter(a -> a != 1).toArray();
        long count = x.getShape().size() / x.getShape().get(1);
        if (count < 2) {
            throw new IllegalArgumentException(
                    "BatchNorm in training needs more than one value per feature, got input shape "
                            + x.getShape());
        }
        NDArray batchMean = Axes.mean(x, axes);
        NDArray centred = x.sub(batchMean);
        NDArray batchVar = Axes.mean(centred.square(), axes);
        if (runningMean != null) {
            // Running statistics are bookkeeping, not part of the graph: detached, updated in place.
            Shape perFeature = runningMean.getShape();
            runningMean
                    .muli(1.0 - momentum)
                    .addi(batchMean.stopGradient().reshape(perFeature).mul(momentum));
            runningVar
                    .muli(1.0 - momentum)
                    .addi(
                            batchVar.stopGradient()
                                    .reshape(perFeature)
                                    .mul((double) momentum * count / (count - 1)));
        }
        return centred.div(batchVar.add(epsilon).sqrt());
    }

    /** The Builder to construct a {@link BatchNorm}. */
    public static final class Builder extends EpsilonBuilder<Builder> {

        float momentum = 0.1f;

        Builder() {
            super(1e-5f);
        }

        /**
         * Sets the momentum m of the running statistics, r ← (1−m) r + m s (PyTorch's convention).
         *
         * @param momentum in [0, 1]
         * @return this Builder
         */
        public Builder optMomentum(float momentum) {
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1], got " + momentum);
            }
            this.momentum = momentum;
            return this;
        }

        /** Builds the {@link BatchNorm} block. */
        public BatchNorm build() {
            return new BatchNorm(this);
        }
    }
}
