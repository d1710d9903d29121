package adiv.maps;

import adiv.engine.TorchScript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * The products every map computes — the affine product and the 2-D convolution — in the current
 * thread's {@link Precision}. One definition, so that a precision applies to every map alike.
 *
 * <p>In float32 these are DJL's own {@link Linear#linear} and {@link Conv2d#conv2d}. In bfloat16
 * they are small TorchScript functions (resources under {@code adiv/maps/bf16}, written by
 * {@code scripts/make-torchscript.py}) that cast the float32 inputs and weights to bfloat16,
 * compute, and cast the result back: DJL cannot hold a bfloat16 array itself (its JNI layer aborts
 * the JVM on that data type, BENCHMARKS.md "bf16"), and this way none crosses into Java. Autograd
 * records the casts, so the float32 parameters receive float32 gradients.
 *
 * <p>Both pass through {@link Kernels}, which records the calls for the kernel check and computes
 * them in float64 where the check found this CPU's float32 kernel wrong.
 */
public final class Products {

    /** The TorchScript functions, resources under {@code bf16/}. */
    private enum Function {
        LINEAR("linear"), LINEAR_BIAS("linear-bias"), CONV2D("conv2d"), CONV2D_BIAS("conv2d-bias");

        final TorchScript.Function script;

        Function(String name) {
            this.script = TorchScript.function(Products.class, "bf16/" + name + ".pt");
        }
    }

    private Products() {}

    /** x Wᵀ + b (b may be null), x (B, in), W (out, in). */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Kernels.apply(Kernel.LINEAR, Precision.current(), x, w, b, Kernels.Window.NONE, Products::linearIn);
    }

    /** The 2-D convolution of x (B, C, H, W) with W (filters, C, kh, kw), plus b (may be null). */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation) {
        Kernels.Window window = new Kernels.Window(new Shape(w.getShape().get(2), w.getShape().get(3)), stride, padding,
                dilation);
        return Kernels.apply(Kernel.CONV2D, Precision.current(), x, w, b, window,
                (xs, ws, bs) -> conv2dIn(xs, ws, bs, stride, padding, dilation));
    }

    /** The affine product in the thread's precision (float64 inputs: in float64). */
    private static NDArray linearIn(NDArray x, NDArray w, NDArray b) {
        if (!bf16(x)) {
            return Linear.linear(x, w, b).singletonOrThrow();
        }
        return b == null ? call(Function.LINEAR, x, w) : call(Function.LINEAR_BIAS, x, w, b);
    }

    /** The convolution in the thread's precision (float64 inputs: in float64). */
    private static NDArray conv2dIn(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation) {
        if (!bf16(x)) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation).singletonOrThrow();
        }
        NDArray s = x.getManager().create(stride.getShape());
        NDArray p = x.getManager().create(padding.getShape());
        NDArray d = x.getManager().create(dilation.getShape());
        return b == null ? call(Function.CONV2D, x, w, s, p, d) : call(Function.CONV2D_BIAS, x, w, b, s, p, d);
    }

    private static boolean bf16(NDArray x) {
        return Precision.current() == Precision.BF16 && x.getDataType() == DataType.FLOAT32;
    }

    private static NDArray call(Function f, NDArray... inputs) {
        return f.script.apply(inputs[0].getManager(), inputs);
    }
}
