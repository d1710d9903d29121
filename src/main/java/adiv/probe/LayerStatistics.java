package adiv.probe;

/**
 * The probe's per-layer statistics, from plain arrays: the actual update Δz, the upstream
 * gradient g, the kernel K and the inputs' squared norms (MATH.md §1–4).
 */
public final class LayerStatistics {

    private LayerStatistics() {}

    /**
     * Computes a {@link ProbeRecord}.
     *
     * @param dz actual Δz, B × m
     * @param g upstream gradient ∂L/∂z, B × m (it carries the 1/B of a mean loss)
     * @param k the kernel, B × B, or null when the layer has none
     * @param inputSq ‖x_s‖² of the layer's inputs, B
     * @param eta the optimizer's step size η
     */
    public static ProbeRecord of(
            long step, int layer, String map, double[][] dz, double[][] g, double[][] k,
            double[] inputSq, double eta) {
        int b = dz.length;
        double[] ratio = new double[b];
        double cosSum = 0;
        double actualSum = 0;
        double kernelSum = 0;
        double diagSum = 0;
        for (int s = 0; s < b; s++) {
            double gg = dot(g[s], g[s]);
            double dzg = -dot(dz[s], g[s]);
            ratio[s] = dzg / (eta * gg);
            cosSum += dzg / Math.sqrt(dot(dz[s], dz[s]) * gg);
            if (k != null) {
                diagSum += k[s][s];
                double selfNorm = eta * Math.abs(k[s][s]) * Math.sqrt(gg);
                double actual = 0;
                double others = 0;
                for (int i = 0; i < g[s].length; i++) {
                    double self = -eta * k[s][s] * g[s][i];
                    double d = dz[s][i] - self;
                    actual += d * d;
                    double o = 0;
                    for (int t = 0; t < b; t++) {
                        if (t != s) {
                            o += -eta * k[s][t] * g[t][i];
                        }
                    }
                    others += o * o;
                }
                actualSum += Math.sqrt(actual) / selfNorm;
                kernelSum += Math.sqrt(others) / selfNorm;
            }
        }
        double mean = mean(ratio);
        double[] norms = new double[b];
        for (int s = 0; s < b; s++) {
            norms[s] = inputSq[s] + 1;
        }
        return new ProbeRecord(
                step, layer, map, b,
                mean,
                k == null ? null : diagSum / b,
                b < 2 ? 0 : std(ratio) / Math.abs(mean),
                correlation(ratio, norms),
                cosSum / b,
                k == null ? null : actualSum / b,
                k == null ? null : kernelSum / b);
    }

    static double dot(double[] a, double[] c) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * c[i];
        }
        return s;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Population standard deviation. */
    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    /** Pearson correlation, or null with fewer than two samples or no spread in either. */
    static Double correlation(double[] a, double[] c) {
        if (a.length < 2) {
            return null;
        }
        double sa = std(a);
        double sc = std(c);
        if (!(sa > 0) || !(sc > 0)) {
            return null;
        }
        double ma = mean(a);
        double mc = mean(c);
        double cov = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - ma) * (c[i] - mc);
        }
        return cov / a.length / (sa * sc);
    }
}
