package adiv.maps;

/**
 * The unfold reference of MATH.md §5, for tests only: every output position's input patch written
 * out explicitly (C·k·k values, zeros where the patch reaches into the padding).
 */
public final class Unfold {

    private Unfold() {}

    /** Output size along one axis. */
    public static int outSize(int in, int k, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    }

    /**
     * The patches of x (B, C, H, W, flattened), one row per (sample, row, column) of the output in
     * that order.
     */
    public static double[][] patches(double[] x, int b, int c, int h, int w, int k, int stride, int pad, int dil) {
        int oh = outSize(h, k, stride, pad, dil);
        int ow = outSize(w, k, stride, pad, dil);
        double[][] rows = new double[b * oh * ow][c * k * k];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double[] patch = rows[(s * oh + i) * ow + j];
                    for (int ch = 0; ch < c; ch++) {
                        for (int ki = 0; ki < k; ki++) {
                            for (int kj = 0; kj < k; kj++) {
                                int r = i * stride - pad + ki * dil;
                                int q = j * stride - pad + kj * dil;
                                boolean inside = r >= 0 && r < h && q >= 0 && q < w;
                                patch[(ch * k + ki) * k + kj] = inside ? x[((s * c + ch) * h + r) * w + q] : 0;
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }
}
