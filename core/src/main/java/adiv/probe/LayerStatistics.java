package adiv.probe;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;

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
        Samples per = new Samples(b, k != null, false);
        for (int s = 0; s < b; s++) {
            double gg = dot(g[s], g[s]);
            double dzg = -dot(dz[s], g[s]);
            per.ratio[s] = dzg / (eta * gg);
            per.gradientSq[s] = gg;
            per.cosine[s] = dzg / Math.sqrt(dot(dz[s], dz[s]) * gg);
            per.norm[s] = inputSq[s] + 1;
            if (k != null) {
                per.predicted[s] = k[s][s];
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
                per.actual[s] = Math.sqrt(actual) / selfNorm;
                per.kernel[s] = Math.sqrt(others) / selfNorm;
                per.crossSample[s] = per.kernel[s];
            }
        }
        return per.record(step, layer, map);
    }

    /**
     * The per-sample quantities a record averages, filled in by the affine and the convolutional
     * probes alike; arrays a layer cannot measure stay null.
     */
    static final class Samples {
        final double[] ratio;
        /** ‖g_s‖²: each sample's weight in the spread of r_s (MATH.md §4). */
        final double[] gradientSq;
        final double[] cosine;
        /** What r_s is correlated with: ‖x_s‖² + 1 (the g-weighted mean of ‖P‖² + 1 for a conv). */
        final double[] norm;
        final double[] predicted;
        final double[] actual;
        final double[] kernel;
        final double[] crossPatch;
        final double[] crossSample;

        Samples(int batch, boolean hasKernel, boolean hasPatches) {
            ratio = new double[batch];
            gradientSq = new double[batch];
            cosine = new double[batch];
            norm = new double[batch];
            predicted = hasKernel ? new double[batch] : null;
            actual = hasKernel ? new double[batch] : null;
            kernel = hasKernel ? new double[batch] : null;
            crossPatch = hasKernel && hasPatches ? new double[batch] : null;
            crossSample = hasKernel ? new double[batch] : null;
        }

        ProbeRecord record(long step, int layer, String map) {
            int b = ratio.length;
            double mean = mean(ratio);
            return ProbeRecord.of(
                    new ProbeRecord.Site(step, layer, map, b),
                    new ProbeRecord.Ratio(mean, b < 2 ? 0 : std(ratio) / Math.abs(mean),
                            b < 2 ? 0 : weightedSpread(ratio, gradientSq), correlation(ratio, norm)),
                    new ProbeRecord.Predicted(meanOrNull(predicted), predicted == null || b < 2 ? null : cv(predicted)),
                    mean(cosine),
                    new ProbeRecord.Interference(meanOrNull(actual), meanOrNull(kernel), meanOrNull(crossPatch),
                            meanOrNull(crossSample)));
        }

        /** Spread relative to the mean; 0 when every value is the same. */
        private static double cv(double[] v) {
            double m = Math.abs(mean(v));
            return m == 0 ? 0 : std(v) / m;
        }

        /**
         * The spread of r_s weighted by each sample's share of Σ‖g_t‖² (MATH.md §4): √(Σ w (r − r̄)²) / |r̄|
         * with r̄ = Σ w r. Bounded where the plain coefficient of variation is not: a sample with a
         * vanishing gradient has a vanishing weight. 0 when no sample has a gradient.
         */
        static double weightedSpread(double[] r, double[] gradientSq) {
            if (!(java.util.Arrays.stream(gradientSq).sum() > 0)) {
                return 0;
            }
            double mean = new Mean().evaluate(r, gradientSq);
            double variance = new Variance(false).evaluate(r, gradientSq, mean); // Σ w (r − r̄)² / Σ w
            return mean == 0 ? 0 : Math.sqrt(variance) / Math.abs(mean);
        }

        private static Double meanOrNull(double[] v) {
            return v == null ? null : mean(v);
        }
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
