package adiv.maps;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of a {@link Kernel} as a network makes it: the shapes, the window settings and which
 * gradients the training needs from it. Recorded by {@link Kernels#record}, checked by
 * adiv.train.KernelCheck.
 *
 * @param kernel the kernel
 * @param precision the precision it computes in (pooling is always float32)
 * @param input the input's shape: (B, in) for linear, (B, C, H, W) otherwise
 * @param weight the weight's shape, (out, in) or (filters, C, kh, kw); null for pooling
 * @param bias whether a bias is added
 * @param window the kernel's window (kh, kw) for convolution and pooling; null for linear
 * @param stride the stride, or null for linear
 * @param padding the zero padding, or null for linear
 * @param dilation the dilation, or null for linear
 * @param inputGradient whether the training takes the gradient of its input
 * @param weightGradient whether the training takes the gradient of its weight
 */
public record KernelCall(
        Kernel kernel, Precision precision, Shape input, Shape weight, boolean bias, Shape window, Shape stride,
        Shape padding, Shape dilation, boolean inputGradient, boolean weightGradient) {

    /** What a check compares: the output and each gradient the training takes. */
    public enum Part {
        FORWARD("forward"), WEIGHT_GRADIENT("weight gradient"), INPUT_GRADIENT("input gradient");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        /** As a person would say it. */
        public String label() {
            return label;
        }

        /** The part with this label. */
        public static Part byLabel(String label) {
            for (Part p : values()) {
                if (p.label.equals(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown part '" + label + "'");
        }
    }

    /** The batch size (the input's first axis). */
    public long batch() {
        return input.get(0);
    }

    /** The same call on a batch of another size, taking gradients or not. */
    public KernelCall withBatch(long batch, boolean gradients) {
        long[] dims = input.getShape().clone(); // Shape hands out its own array
        dims[0] = batch;
        return new KernelCall(kernel, precision, new Shape(dims), weight, bias, window, stride, padding, dilation,
                gradients && inputGradient, gradients && weightGradient);
    }

    /** The parts a training needs from this call. */
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>(List.of(Part.FORWARD));
        if (weight != null && weightGradient) {
            parts.add(Part.WEIGHT_GRADIENT);
        }
        if (inputGradient) {
            parts.add(Part.INPUT_GRADIENT);
        }
        return parts;
    }

    /**
     * The call in a line, e.g. {@code conv2d float32 x(128,1,28,28) w(32,1,3,3)+b stride 1x1 pad 1x1
     * dil 1x1}: also the key it is cached and compared by.
     */
    public String describe() {
        StringBuilder s = new StringBuilder(kernel.label()).append(' ').append(precision.label())
                .append(" x").append(dims(input));
        if (weight != null) {
            s.append(" w").append(dims(weight)).append(bias ? "+b" : "");
        }
        if (window != null) {
            s.append(" window ").append(pair(window)).append(" stride ").append(pair(stride))
                    .append(" pad ").append(pair(padding)).append(" dil ").append(pair(dilation));
        }
        if (inputGradient || weightGradient) {
            s.append(" grad ").append(inputGradient ? "x" : "").append(weightGradient && weight != null ? "w" : "");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String dims(Shape shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.dimension(); i++) {
            s.append(i == 0 ? "" : ",").append(shape.get(i));
        }
        return s.append(')').toString();
    }

    private static String pair(Shape shape) {
        return shape.get(0) + "x" + shape.get(1);
    }
}
