package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The box sum behind PatchNorm's patch norms: both of its forms against the patches written out
 * ({@link Unfold}), and its input gradient in float32 against float64 at the shapes the networks
 * use, on one and two threads.
 */
class PoolingTest {

    @ParameterizedTest(name = "k={0} stride={1} pad={2} dil={3}")
    @CsvSource({"3, 1, 1, 1", "3, 2, 1, 1", "3, 1, 0, 1", "2, 1, 1, 2", "3, 1, 2, 1", "3, 2, 2, 2", "1, 1, 0, 1"})
    void bothFormsSumEveryWindowOfTheUnfoldedPatches(int k, int stride, int pad, int dil) {
        int b = 2;
        int c = 3;
        int h = 7;
        int w = 6;
        double[] x = gaussian(b * c * h * w, 5);
        int oh = Unfold.outSize(h, k, stride, pad, dil);
        int ow = Unfold.outSize(w, k, stride, pad, dil);
        // Each channel alone: the patches of a one-channel image are its windows.
        double[] expected = new double[b * c * oh * ow];
        for (int s = 0; s < b; s++) {
            for (int ch = 0; ch < c; ch++) {
                double[] plane = new double[h * w];
                System.arraycopy(x, (s * c + ch) * h * w, plane, 0, h * w);
                double[][] windows = Unfold.patches(plane, 1, 1, h, w, k, stride, pad, dil);
                for (int p = 0; p < oh * ow; p++) {
                    double sum = 0;
                    for (double v : windows[p]) {
                        sum += v;
                    }
                    expected[(s * c + ch) * oh * ow + p] = sum;
                }
            }
        }
        Shape kernel = new Shape(k, k);
        Shape strides = new Shape(stride, stride);
        Shape padding = new Shape(pad, pad);
        Shape dilation = new Shape(dil, dil);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.create(x, new Shape(b, c, h, w));
            NDArray chosen = Pooling.boxSum(q, kernel, strides, padding, dilation);
            NDArray shifted = Pooling.shiftedSums(q, kernel, strides, padding, dilation);
            assertEquals(new Shape(b, c, oh, ow), chosen.getShape());
            assertArrayEquals(expected, chosen.toDoubleArray(), 1e-12);
            assertArrayEquals(expected, shifted.toDoubleArray(), 1e-12);
        }
    }

    /**
     * The input gradient of the patch norms' box sum (batch 128, one channel: what PatchNorm sums
     * after squaring) in float32 against float64, on one and two threads. A convolution with a
     * kernel of ones in its place was wrong by 0.9 here on an AMD EPYC (Zen 5), NaN on two threads.
     */
    @Test
    void float32InputGradientAgreesWithFloat64OnOneAndTwoThreads() {
        int threads = threads();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int t : new int[] {1, 2}) {
                JniUtils.setNumThreads(t);
                for (int size : new int[] {28, 14, 7}) {
                    Shape shape = new Shape(128, 1, size, size);
                    double[] x = gaussian((int) shape.size(), size);
                    double[] g = gaussian((int) shape.size(), size + 1);
                    double[] in64 = inputGradient(m, x, g, shape, DataType.FLOAT64);
                    double[] in32 = inputGradient(m, x, g, shape, DataType.FLOAT32);
                    double error = 0;
                    double scale = 0;
                    for (int i = 0; i < in64.length; i++) {
                        error = Math.max(error, Math.abs(in32[i] - in64[i]));
                        scale = Math.max(scale, Math.abs(in64[i]));
                    }
                    assertTrue(error / scale < 1e-5, t + " threads, " + shape + ": relative error " + error / scale);
                }
            }
        } finally {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The gradient of Σ g ⊙ boxSum(x) (3×3, padding 1) with respect to x. */
    private static double[] inputGradient(NDManager m, double[] x, double[] g, Shape shape, DataType type) {
        try (NDManager scope = m.newSubManager()) {
            NDArray input = scope.create(x, shape).toType(type, false);
            NDArray upstream = scope.create(g, shape).toType(type, false);
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = Pooling.boxSum(input, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
                collector.backward(y.mul(upstream).sum());
            }
            return input.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    private static int threads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    private static double[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
