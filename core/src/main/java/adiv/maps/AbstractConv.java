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
 * What the 2-D convolutions share: W (filters, C, kh, kw) and b (filters) drawn by an {@link Init}
 * (PyTorch's Conv2d default unless told otherwise), stride, zero padding and dilation, and the
 * output shape. Subclasses supply the formula. Inputs are (B, C, H, W).
 */
public abstract class AbstractConv extends AbstractBlock {

    protected final int filters;
    protected final Shape kernel;
    protected final Shape stride;
    protected final Shape padding;
    protected final Shape dilation;
    protected final Parameter weight;
    protected final Parameter bias;

    @SuppressWarnings("this-escape")
    protected AbstractConv(ConvBuilder<?> builder) {
        if (builder.filters <= 0 || builder.kernel == null) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " needs setFilters(n > 0) and setKernelShape(kh, kw)");
        }
        filters = builder.filters;
        kernel = builder.kernel;
        stride = builder.stride;
        padding = builder.padding;
        dilation = builder.dilation;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(builder.init.weight()).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
        bias.setInitializer(builder.init.bias(weight));
    }

    /** The formula: input (B, C, H, W), weight, bias → (B, filters, H', W'). */
    protected abstract NDArray apply(NDArray x, NDArray w, NDArray b);

    /**
     * Every convolution here is z_p = a_p W P_p + c_p b, with per-position scalars a_p, c_p that
     * depend on the input alone; its patch kernel is therefore K_{(s,p),(t,q)} = a_sp a_tq P_sp·P_tq
     * + c_sp c_tq (MATH.md §5). This is a_p, shape (B, 1, H', W').
     */
    public NDArray weightScale(NDArray x) {
        return patchSquaredNorms(x).onesLike();
    }

    /** c_p of {@link #weightScale}, shape (B, 1, H', W'). */
    public NDArray biasScale(NDArray x) {
        return patchSquaredNorms(x).onesLike();
    }

    /**
     * ‖P_p‖² for every output position, (B, 1, H', W'), without unfolding: the squares of x summed
     * over channels, then box-summed by a convolution with a kernel of ones and this convolution's
     * own stride, padding (zeros contribute 0) and dilation.
     */
    public NDArray patchSquaredNorms(NDArray x) {
        NDArray ones = x.getManager().ones(new Shape(1, 1, kernel.get(0), kernel.get(1)), x.getDataType());
        return Conv2d.conv2d(x.square().sum(new int[] {1}, true), ones, null, stride, padding, dilation)
                .singletonOrThrow();
    }

    /**
     * The output a training pass computes for x with the current parameters, without side effects
     * (no gradient recorded), in x's data type: what the probe measures Δz with.
     */
    public NDArray trainingValue(NDArray x) {
        return apply(x, detached(x, weight.getArray()), detached(x, bias.getArray()));
    }

    private static NDArray detached(NDArray x, NDArray parameter) {
        return Axes.ownedBy(x, parameter.stopGradient()).toType(x.getDataType(), true);
    }

    /** The stride (sh, sw). */
    public Shape stride() {
        return stride;
    }

    /** The zero padding (ph, pw). */
    public Shape padding() {
        return padding;
    }

    /** The dilation (dh, dw). */
    public Shape dilation() {
        return dilation;
    }

    /** The kernel shape (kh, kw). */
    public Shape kernelShape() {
        return kernel;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b));
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
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " expects inputs of shape (B, C, H, W), got " + in);
        }
        weight.setShape(new Shape(filters, in.get(1), kernel.get(0), kernel.get(1)));
        bias.setShape(new Shape(filters));
    }

    /** The weight (filters, C, kh, kw). */
    public Parameter getWeight() {
        return weight;
    }

    /** The bias (filters). */
    public Parameter getBias() {
        return bias;
    }

    /** The Builder options every convolution has. */
    public abstract static class ConvBuilder<T extends ConvBuilder<T>> extends BlockBuilder<T> {
        int filters;
        Shape kernel;
        Shape stride = new Shape(1, 1);
        Shape padding = new Shape(0, 0);
        Shape dilation = new Shape(1, 1);
        Init init = Init.PYTORCH;

        /** Sets the number of output channels. */
        public T setFilters(int filters) {
            this.filters = filters;
            return self();
        }

        /** Sets the kernel shape (kh, kw). */
        public T setKernelShape(Shape kernel) {
            this.kernel = kernel;
            return self();
        }

        /** Sets the stride (default 1, 1). */
        public T optStride(Shape stride) {
            this.stride = stride;
            return self();
        }

        /** Sets the zero padding on both sides (default 0, 0). */
        public T optPadding(Shape padding) {
            this.padding = padding;
            return self();
        }

        /** Sets the dilation (default 1, 1). */
        public T optDilation(Shape dilation) {
            this.dilation = dilation;
            return self();
        }

        /** Sets how W and b are drawn (default PyTorch's Conv2d default). */
        public T optInit(Init init) {
            this.init = init;
            return self();
        }
    }
}
