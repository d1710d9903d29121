package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * What the 2-D convolutions share: W (filters, C, kh, kw) and b (filters) drawn by an {@link Init}
 * (PyTorch's Conv2d default unless told otherwise; both held by {@link WeightedBlock}), stride, zero
 * padding and dilation, and the output shape. Subclasses supply the formula. Inputs are (B, C, H,
 * W).
 */
public abstract class AbstractConv extends WeightedBlock {

    /** The default stride and dilation. */
    private static final Shape ONES = new Shape(1, 1);
    /** The default padding. */
    private static final Shape ZEROS = new Shape(0, 0);

    protected final int filters;
    protected final Shape kernel;
    protected final Shape stride;
    protected final Shape padding;
    protected final Shape dilation;

    protected AbstractConv(ConvBuilder<?> builder) {
        super(builder);
        if (builder.filters <= 0 || builder.kernel == null) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " needs setFilters(n > 0) and setKernelShape(kh, kw)");
        }
        filters = builder.filters;
        kernel = builder.kernel;
        stride = builder.stride;
        padding = builder.padding;
        dilation = builder.dilation;
    }

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
     * over channels, then box-summed over each patch's window with this convolution's own stride,
     * padding (zeros contribute 0) and dilation ({@link Pooling#boxSum}; not a convolution with a
     * kernel of ones, whose input gradient some CPUs' float32 kernels compute wrongly).
     */
    public NDArray patchSquaredNorms(NDArray x) {
        return Pooling.boxSum(x.square().sum(new int[] {1}, true), kernel, stride, padding, dilation);
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

    /**
     * {@inheritDoc} Then the filters and the kernel, and the stride, padding and dilation where
     * they differ from their defaults (as PyTorch shows a Conv2d).
     */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("out", filters);
        fields.put("kernel", kernel);
        if (!stride.equals(ONES)) {
            fields.put("stride", stride);
        }
        if (!padding.equals(ZEROS)) {
            fields.put("padding", padding);
        }
        if (!dilation.equals(ONES)) {
            fields.put("dilation", dilation);
        }
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

    /** The Builder options every convolution has. */
    public abstract static class ConvBuilder<T extends ConvBuilder<T>> extends WeightedBuilder<T> {
        int filters;
        Shape kernel;
        Shape stride = ONES;
        Shape padding = ZEROS;
        Shape dilation = ONES;

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
    }
}
