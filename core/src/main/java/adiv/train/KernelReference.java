package adiv.train;

import adiv.maps.Kernel;
import adiv.maps.KernelCall;

/**
 * Single entries of a kernel's output and gradients computed by direct summation in Java, from
 * the definitions: the known answer the float64 results are held to (float64 is in turn the
 * reference for float32 and bf16). Arrays are flat, row-major: x (B, in) or (B, C, H, W), w (out, in)
 * or (F, C, kh, kw), g the upstream gradient shaped like the output.
 *
 * <p>The convolution's entries follow MATH.md §5 (patches with stride, zero padding and dilation);
 * the box sum is the same window with every weight 1, per channel; max pooling passes each window's
 * gradient to its largest input.
 */
final class KernelReference {

    private final KernelCall call;
    private final double[] x;
    private final double[] w;
    private final double[] b;
    private final double[] g;
    private final int n;
    private final int c;
    private final int h;
    private final int wd;
    private final int f;
    private final int kh;
    private final int kw;
    private final int oh;
    private final int ow;

    /**
     * @param batch the samples x, g hold (a forward-only call may be checked on its first few)
     */
    KernelReference(KernelCall call, int batch, double[] x, double[] w, double[] b, double[] g) {
        this.call = call;
        this.x = x;
        this.w = w;
        this.b = b;
        this.g = g;
        this.n = batch;
        if (call.kernel() == Kernel.LINEAR) {
            c = (int) call.input().get(1);
            f = (int) call.weight().get(0);
            h = wd = kh = kw = oh = ow = 1;
        } else {
            c = (int) call.input().get(1);
            h = (int) call.input().get(2);
            wd = (int) call.input().get(3);
            f = call.weight() == null ? c : (int) call.weight().get(0);
            kh = (int) call.window().get(0);
            kw = (int) call.window().get(1);
            oh = out(h, 0);
            ow = out(wd, 1);
        }
    }

    /** The output's length. */
    int outputSize() {
        return n * f * oh * ow;
    }

    /** Output entry i. */
    double output(int i) {
        if (call.kernel() == Kernel.LINEAR) {
            int s = i / f;
            int o = i % f;
            double sum = b == null ? 0 : b[o];
            for (int k = 0; k < c; k++) {
                sum += x[s * c + k] * w[o * c + k];
            }
            return sum;
        }
        int j = i % ow;
        int r = (i / ow) % oh;
        int o = (i / (ow * oh)) % f;
        int s = i / (ow * oh * f);
        if (call.kernel() == Kernel.MAX_POOL2D) {
            return x[argMax(s, o, r, j)];
        }
        boolean conv = call.kernel() == Kernel.CONV2D;
        double sum = conv && b != null ? b[o] : 0;
        for (int ch = conv ? 0 : o; ch < (conv ? c : o + 1); ch++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = r * stride(0) - pad(0) + ki * dil(0);
                    int col = j * stride(1) - pad(1) + kj * dil(1);
                    if (row >= 0 && row < h && col >= 0 && col < wd) {
                        sum += (conv ? w[((o * c + ch) * kh + ki) * kw + kj] : 1) * x[((s * c + ch) * h + row) * wd + col];
                    }
                }
            }
        }
        return sum;
    }

    /** Entry i of the gradient with respect to the input. */
    double inputGradient(int i) {
        if (call.kernel() == Kernel.LINEAR) {
            int s = i / c;
            int k = i % c;
            double sum = 0;
            for (int o = 0; o < f; o++) {
                sum += g[s * f + o] * w[o * c + k];
            }
            return sum;
        }
        int col = i % wd;
        int row = (i / wd) % h;
        int ch = (i / (wd * h)) % c;
        int s = i / (wd * h * c);
        double sum = 0;
        boolean conv = call.kernel() == Kernel.CONV2D;
        for (int o = conv ? 0 : ch; o < (conv ? f : ch + 1); o++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int r = row + pad(0) - ki * dil(0);
                    int j = col + pad(1) - kj * dil(1);
                    if (r < 0 || j < 0 || r % stride(0) != 0 || j % stride(1) != 0) {
                        continue;
                    }
                    r /= stride(0);
                    j /= stride(1);
                    if (r >= oh || j >= ow) {
                        continue;
                    }
                    double up = g[((s * f + o) * oh + r) * ow + j];
                    if (conv) {
                        sum += up * w[((o * c + ch) * kh + ki) * kw + kj];
                    } else if (call.kernel() == Kernel.AVG_POOL2D) {
                        sum += up;
                    } else if (argMax(s, o, r, j) == i) {
                        sum += up;
                    }
                }
            }
        }
        return sum;
    }

    /** Entry i of the gradient with respect to the weight (linear and convolution). */
    double weightGradient(int i) {
        if (call.kernel() == Kernel.LINEAR) {
            int o = i / c;
            int k = i % c;
            double sum = 0;
            for (int s = 0; s < n; s++) {
                sum += g[s * f + o] * x[s * c + k];
            }
            return sum;
        }
        int kj = i % kw;
        int ki = (i / kw) % kh;
        int ch = (i / (kw * kh)) % c;
        int o = i / (kw * kh * c);
        double sum = 0;
        for (int s = 0; s < n; s++) {
            for (int r = 0; r < oh; r++) {
                int row = r * stride(0) - pad(0) + ki * dil(0);
                if (row < 0 || row >= h) {
                    continue;
                }
                for (int j = 0; j < ow; j++) {
                    int col = j * stride(1) - pad(1) + kj * dil(1);
                    if (col >= 0 && col < wd) {
                        sum += g[((s * f + o) * oh + r) * ow + j] * x[((s * c + ch) * h + row) * wd + col];
                    }
                }
            }
        }
        return sum;
    }

    /** The flat index into x of the largest input in output position (s, ch, r, j)'s window. */
    private int argMax(int s, int ch, int r, int j) {
        int best = -1;
        for (int ki = 0; ki < kh; ki++) {
            for (int kj = 0; kj < kw; kj++) {
                int row = r * stride(0) - pad(0) + ki * dil(0);
                int col = j * stride(1) - pad(1) + kj * dil(1);
                if (row >= 0 && row < h && col >= 0 && col < wd) {
                    int at = ((s * c + ch) * h + row) * wd + col;
                    if (best < 0 || x[at] > x[best]) {
                        best = at;
                    }
                }
            }
        }
        return best;
    }

    private int out(int size, int axis) {
        return (size + 2 * pad(axis) - dil(axis) * ((axis == 0 ? kh : kw) - 1) - 1) / stride(axis) + 1;
    }

    private int stride(int axis) {
        return (int) call.stride().get(axis);
    }

    private int pad(int axis) {
        return (int) call.padding().get(axis);
    }

    private int dil(int axis) {
        return (int) call.dilation().get(axis);
    }
}
