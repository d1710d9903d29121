package adiv.probe;

import static adiv.TestData.dot;

import adiv.maps.AffineMap;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.function.IntFunction;

/**
 * The steps {@code adiv theory} measures for an affine map after ScaleNorm, z = W (g x/|x|) + b,
 * computed directly in Java doubles from the gradient of L = g_t · z_t (MATH.md §1 with the
 * normaliser's parameter g trained too): the same inputs, upstream gradients and initial parameters
 * as the check draws, and the same sequence of steps, one per sample t, each from where the last left.
 */
public final class ScaleNormStep {

    private ScaleNormStep() {}

    /**
     * K_ss of each sample as measured by a step whose upstream gradient is sample s's alone.
     *
     * @param factory builds the layer as the theory check does (to draw its initial W and b alike)
     * @return the ratios ⟨Δz_s, −g_s⟩/(η |g_s|²), s = 0..b−1
     */
    public static double[] ratios(IntFunction<AffineMap> factory, int b, OneStepIdentities.Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            double[][] x = rows(OneStepIdentities.inputs(manager, b, s));
            double[][] up = rows(manager.randomNormal(new Shape(b, s.outputs()), s.dataType()));
            AffineMap map = factory.apply(s.outputs());
            map.initialize(manager, s.dataType(), new Shape(b, s.inputs()));
            double[][] w = null;
            double[] bias = null;
            double gain = Double.NaN;
            for (Pair<String, Parameter> p : map.getParameters()) {
                double[] v = p.getValue().getArray().toDoubleArray();
                if (p.getKey().endsWith("weight")) {
                    w = new double[s.outputs()][s.inputs()];
                    for (int i = 0; i < v.length; i++) {
                        w[i / s.inputs()][i % s.inputs()] = v[i];
                    }
                } else if (p.getKey().endsWith("bias")) {
                    bias = v;
                } else {
                    gain = v[0];
                }
            }
            double eta = (double) s.learningRate();
            double[] ratios = new double[b];
            for (int t = 0; t < b; t++) {
                double[] unit = unit(x[t]);
                double[] zBefore = z(w, bias, gain, unit);
                // dL/dW = g_t (gain x̂_t)^T, dL/db = g_t, dL/dgain = g_t · (W x̂_t)
                double[] wx = z(w, new double[bias.length], 1, unit);
                double dGain = dot(up[t], wx);
                for (int i = 0; i < w.length; i++) {
                    for (int j = 0; j < unit.length; j++) {
                        w[i][j] -= eta * up[t][i] * gain * unit[j];
                    }
                    bias[i] -= eta * up[t][i];
                }
                gain -= eta * dGain;
                double[] zAfter = z(w, bias, gain, unit);
                double num = 0;
                for (int i = 0; i < zAfter.length; i++) {
                    num -= (zAfter[i] - zBefore[i]) * up[t][i];
                }
                ratios[t] = num / (eta * dot(up[t], up[t]));
            }
            return ratios;
        }
    }

    private static double[] z(double[][] w, double[] b, double gain, double[] unit) {
        double[] z = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = b[i] + gain * dot(w[i], unit);
        }
        return z;
    }

    private static double[] unit(double[] x) {
        double norm = Math.sqrt(dot(x, x));
        double[] u = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            u[j] = x[j] / norm;
        }
        return u;
    }

    private static double[][] rows(NDArray a) {
        int n = (int) a.getShape().get(0);
        int m = (int) a.getShape().get(1);
        double[] flat = a.toDoubleArray();
        double[][] r = new double[n][m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * m, r[i], 0, m);
        }
        return r;
    }
}
