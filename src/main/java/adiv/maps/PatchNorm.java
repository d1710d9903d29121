package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PatchNorm (MATH.md §5): a 2-D convolution whose every output position is normalised by the norm
 * of its own input patch P_p — a normaliser that cannot be separated from the convolution.
 *
 * <pre>
 *     affine-like:  z_p = (W P_p + b) / √(‖P_p‖² + 1)
 *     norm-like:    z_p = W P_p / √(‖P_p‖² + ε²) + b
 * </pre>
 *
 * <p>‖P_p‖² never needs the unfolded patches: the squares of x are summed over channels and then
 * box-summed by a convolution with a k×k kernel of ones, with the convolution's own stride,
 * padding (zeros contribute 0) and dilation. With patches in place of samples every identity of
 * MATH.md §1–4 holds: one plain step moves each position's output by −η g (affine-like) or −2η g
 * (norm-like) times its own steepest descent, plus the cross-patch terms of the patch kernel.
 * W is (filters, C, k, k), b is (filters); inputs are (B, C, H, W).
 */
public class PatchNorm extends AbstractBlock {

    /** The two forms. */
    public enum Mode {
        /** (W P + b)/√(‖P‖²+1). */
        AFFINE_LIKE,
        /** W P/√(‖P‖²+ε²) + b. */
        NORM_LIKE
    }

    private final Mode mode;
    private final int filters;
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final float epsilon;
    private final Parameter weight;
    private final Parameter bias;

    @SuppressWarnings("this-escape")
    protected PatchNorm(Builder builder) {
        if (builder.filters <= 0 || builder.kernel == null) {
            throw new IllegalArgumentException("PatchNorm needs setFilters(n > 0) and setKernelShape(k, k)");
        }
        mode = builder.mode;
        filters = builder.filters;
        kernel = builder.kernel;
        stride = builder.stride;
        padding = builder.padding;
        dilation = builder.dilation;
        epsilon = builder.epsilon;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(builder.init.weight()).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        bias.setInitializer(builder.init.bias(weight));
    }

    /** Creates a builder to build a {@code PatchNorm} convolution. */
    public static Builder builder() {
        return new Builder();
    }

    /** ‖P_p‖² for every output position, (B, 1, H', W'): channel-summed squares, box-summed. */
    NDArray patchSquaredNorms(NDArray x) {
        NDArray ones = x.getManager().ones(new Shape(1, 1, kernel.get(0), kernel.get(1)), x.getDataType());
        return Conv2d.conv2d(x.square().sum(new int[] {1}, true), ones, null, stride, padding, dilation)
                .singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        NDArray q = patchSquaredNorms(x);
        if (mode == Mode.AFFINE_LIKE) {
            NDArray z = Conv2d.conv2d(x, w, b, stride, padding, dilation).singletonOrThrow();
            return new NDList(z.mul(q.add(1).pow(-0.5)));
        }
        NDArray wp = Conv2d.conv2d(x, w, null, stride, padding, dilation).singletonOrThrow();
        NDArray shift = Axes.ownedBy(x, b.reshape(1, filters, 1, 1));
        return new NDList(wp.mul(q.add((double) epsilon * epsilon).pow(-0.5)).add(shift));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long[] out = new long[] {in.get(0), filters, 0, 0};
        for (int i = 0; i < 2; i++) {
            long size = in.get(2 + i) + 2 * padding.get(i) - dilation.get(i) * (kernel.get(i) - 1) - 1;
            out[2 + i] = size / stride.get(i) + 1;
        }
        return new Shape[] {new Shape(out)};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("PatchNorm expects inputs of shape (B, C, H, W), got " + in);
        }
        weight.setShape(new Shape(filters, in.get(1), kernel.get(0), kernel.get(1)));
        bias.setShape(new Shape(filters));
    }

    /** The weight (filters, C, k, k). */
    public Parameter getWeight() {
        return weight;
    }

    /** The bias (filters). */
    public Parameter getBias() {
        return bias;
    }

    /** The Builder to construct a {@link PatchNorm} convolution. */
    public static final class Builder {
        Mode mode = Mode.AFFINE_LIKE;
        int filters;
        Shape kernel;
        Shape stride = new Shape(1, 1);
        Shape padding = new Shape(0, 0);
        Shape dilation = new Shape(1, 1);
        float epsilon = L2Norm.DEFAULT_EPSILON;
        Init init = Init.PYTORCH;

        Builder() {}

        /** Sets the number of output channels. */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /** Sets the kernel shape (kh, kw). */
        public Builder setKernelShape(Shape kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Sets the stride (default 1, 1). */
        public Builder optStride(Shape stride) {
            this.stride = stride;
            return this;
        }

        /** Sets the zero padding on both sides (default 0, 0). */
        public Builder optPadding(Shape padding) {
            this.padding = padding;
            return this;
        }

        /** Sets the dilation (default 1, 1). */
        public Builder optDilation(Shape dilation) {
            this.dilation = dilation;
            return this;
        }

        /** Sets the form (default affine-like). */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Sets ε of the norm-like form's √(‖P‖² + ε²). */
        public Builder optEpsilon(float epsilon) {
            L2Norm.checkEpsilon(epsilon);
            this.epsilon = epsilon;
            return this;
        }

        /** Sets how W and b are drawn (default PyTorch's Conv2d default). */
        public Builder optInit(Init init) {
            this.init = init;
            return this;
        }

        /** Builds the block. */
        public PatchNorm build() {
            return new PatchNorm(this);
        }
    }
}
