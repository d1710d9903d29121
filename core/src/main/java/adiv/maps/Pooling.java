package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;

/**
 * The pooling the networks do over images: max pooling (the CNN's blocks) and the box sum behind
 * PatchNorm's patch norms (MATH.md §5), both through {@link Kernels}.
 *
 * <p>Why not a convolution with a kernel of ones: that is a convolution with one input and one
 * output channel whose input needs a gradient, and on some CPUs libtorch's float32 convolution
 * computes exactly that gradient wrongly (BENCHMARKS.md, "Kernels that compute wrongly"). Average
 * pooling is a plain ATen kernel, and cheaper than the convolution (a batch of 1,024 28×28 images:
 * 7 ms forward and backward against 47 ms).
 */
public final class Pooling {

    private static final Shape ONES = new Shape(1, 1);

    private Pooling() {}

    /** Max pooling over k×k windows with the given stride, no padding, as a block. */
    public static Block maxPool2dBlock(Shape kernel, Shape stride) {
        return LambdaBlock.singleton(x -> maxPool2d(x, kernel, stride), "maxPool2d");
    }

    /** Max pooling of x (B, C, H, W) over k×k windows with the given stride, no padding. */
    public static NDArray maxPool2d(NDArray x, Shape kernel, Shape stride) {
        Kernels.Window window = new Kernels.Window(kernel, stride, new Shape(0, 0), ONES);
        return Kernels.apply(Kernel.MAX_POOL2D, Precision.FLOAT32, x, null, null, window,
                (xs, w, b) -> Pool.maxPool2d(xs, kernel, stride, window.padding(), false));
    }

    /**
     * Σ over every k×k window of q (B, C, H, W), per channel, with the stride, zero padding (zeros
     * add nothing) and dilation of a convolution with that kernel: (B, C, H', W') with H' = (H + 2p −
     * d(k−1) − 1)/s + 1, as the convolution's output.
     *
     * <p>Average pooling × k² where pooling can express the window (no dilation, padding at most
     * half the kernel, as libtorch requires); otherwise the sum of the k_h·k_w shifted, strided
     * slices of the padded input, taken as k_h row sums and then k_w column sums.
     */
    public static NDArray boxSum(NDArray q, Shape kernel, Shape stride, Shape padding, Shape dilation) {
        if (dilation.equals(ONES) && 2 * padding.get(0) <= kernel.get(0) && 2 * padding.get(1) <= kernel.get(1)) {
            Kernels.Window window = new Kernels.Window(kernel, stride, padding, dilation);
            NDArray mean = Kernels.apply(Kernel.AVG_POOL2D, Precision.FLOAT32, q, null, null, window,
                    (x, w, b) -> Pool.avgPool2d(x, kernel, stride, padding, false, true));
            return Scalars.times(mean, (double) kernel.get(0) * kernel.get(1));
        }
        return shiftedSums(q, kernel, stride, padding, dilation);
    }

    /** The box sum as separable sums of shifted slices (any stride, padding and dilation). */
    static NDArray shiftedSums(NDArray q, Shape kernel, Shape stride, Shape padding, Shape dilation) {
        Shape in = q.getShape();
        long ph = padding.get(0);
        long pw = padding.get(1);
        NDArray padded = ph == 0 && pw == 0 ? q : q.pad(new Shape(pw, pw, ph, ph), 0);
        long outH = outSize(in.get(2), kernel.get(0), stride.get(0), ph, dilation.get(0));
        long outW = outSize(in.get(3), kernel.get(1), stride.get(1), pw, dilation.get(1));
        NDArray rows = null;
        for (long i = 0; i < kernel.get(0); i++) {
            long from = i * dilation.get(0);
            NDArray slice = padded.get(":, :, {}:{}:{}, :", from, from + (outH - 1) * stride.get(0) + 1, stride.get(0));
            rows = rows == null ? slice : rows.add(slice);
        }
        NDArray sums = null;
        for (long j = 0; j < kernel.get(1); j++) {
            long from = j * dilation.get(1);
            NDArray slice = rows.get(":, :, :, {}:{}:{}", from, from + (outW - 1) * stride.get(1) + 1, stride.get(1));
            sums = sums == null ? slice : sums.add(slice);
        }
        return sums;
    }

    /** A convolution's (or window's) output size along one axis. */
    static long outSize(long in, long k, long stride, long pad, long dilation) {
        return (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
    }
}
