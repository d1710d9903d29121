// The float32 convolution gradients of DJL's libtorch against float64, with no adiv code: the
// reproducer of BENCHMARKS.md "Kernels that compute wrongly", to report upstream and to see whether
// a libtorch still computes wrongly on a CPU. Run from the repository root after a build:
//     java -cp "core/target/lib/*" scripts/ConvGradientRepro.java [THREADS]
// Prints, per input shape and output channels, max|a − b| / max|b| of float32 against float64 for
// the output (fwd), the weight gradient (dW) and the input gradient (dx); loss Σ y², 3×3, padding 1.
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

public class ConvGradientRepro {

    public static void main(String[] args) {
        System.setProperty("ai.djl.pytorch.num_threads", args.length > 0 ? args[0] : "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        long[][] inputs = {{128, 1, 28, 28}, {128, 8, 14, 14}, {128, 16, 7, 7}, {64, 3, 32, 32},
                           {128, 8, 14, 14}, {128, 16, 7, 7}};
        int[] outputs = {1, 1, 1, 6, 16, 32};
        try (NDManager m = NDManager.newBaseManager()) {
            System.out.println("libtorch " + Engine.getEngine("PyTorch").getVersion() + ", DJL "
                    + Engine.getDjlVersion() + ", threads " + System.getProperty("ai.djl.pytorch.num_threads"));
            for (int i = 0; i < inputs.length; i++) {
                Engine.getInstance().setRandomSeed(42);
                NDArray x = m.randomNormal(new Shape(inputs[i])).toType(DataType.FLOAT64, false);
                NDArray w = m.randomNormal(new Shape(outputs[i], inputs[i][1], 3, 3)).toType(DataType.FLOAT64, false);
                NDArray[] f64 = run(x, w, DataType.FLOAT64);
                NDArray[] f32 = run(x, w, DataType.FLOAT32);
                System.out.printf("%s -> %d: fwd %.1e  dW %.1e  dx %.1e%n", new Shape(inputs[i]), outputs[i],
                        error(f32[0], f64[0]), error(f32[1], f64[1]), error(f32[2], f64[2]));
            }
        }
    }

    /** y, dW, dx (as float64) of conv2d(x, w) with loss Σ y², computed in the given type. */
    static NDArray[] run(NDArray x0, NDArray w0, DataType type) {
        NDArray x = x0.toType(type, true);
        NDArray w = w0.toType(type, true);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
            collector.backward(y.square().sum());
        }
        return new NDArray[] {y.toType(DataType.FLOAT64, true), w.getGradient().toType(DataType.FLOAT64, true),
                              x.getGradient().toType(DataType.FLOAT64, true)};
    }

    /** max|a − b| / max|b|. */
    static double error(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getDouble() / b.abs().max().getDouble();
    }
}
