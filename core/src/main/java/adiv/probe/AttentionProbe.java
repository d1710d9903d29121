package adiv.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;

/**
 * The divergence of one query-key correlation layer (MATH.md §6): tokens X (T × d), scores
 * S = (X Q)(X K)ᵀ, a random upstream gradient G = ∂L/∂S, one plain SGD step on Q and K. The ideal
 * step for S is −η G; the actual one is, to first order,
 *
 * <pre>
 *     ΔS = −η ( XXᵀ · G · X K Kᵀ Xᵀ  +  X Q Qᵀ Xᵀ · G · XXᵀ ).
 * </pre>
 *
 * <p>Measured on real steps (float64), with the raw tokens and with the tokens scaled by one global
 * scalar (so that their mean squared norm is 1): the scalar changes the size of the step but not
 * the matrix products that turn its direction, so the divergence is not cancelled.
 */
public final class AttentionProbe {

    /**
     * One case of the attention probe.
     *
     * @param tokens "raw", or "global-scalar" for tokens scaled by one scalar
     * @param cosine cos(ΔS, −G): 1 would be the ideal direction
     * @param ratio ⟨ΔS, −G⟩ / (η‖G‖²): the size of the step along the ideal one
     * @param rowRatioCv coefficient of variation over query tokens i of ⟨ΔS_i, −G_i⟩/(η‖G_i‖²):
     *     how unequally the tokens are moved
     * @param firstOrderError ‖ΔS − ΔS_predicted‖ / ‖ΔS_predicted‖ for the first-order prediction
     *     above (of order η: the step is quadratic in (Q, K))
     */
    public record Result(
            String tokens, double cosine, double ratio, double rowRatioCv, double firstOrderError) {}

    private AttentionProbe() {}

    /**
     * Runs both cases.
     *
     * @param t tokens T
     * @param d token width d
     * @param dk query/key width
     * @param eta step size η
     * @param seed random seed
     */
    public static List<Result> run(int t, int d, int dk, float eta, long seed) {
        List<Result> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            NDArray x = manager.randomNormal(new Shape(t, d), DataType.FLOAT64);
            NDArray q0 = manager.randomNormal(0f, (float) (1 / Math.sqrt(d)), new Shape(d, dk), DataType.FLOAT64);
            NDArray k0 = manager.randomNormal(0f, (float) (1 / Math.sqrt(d)), new Shape(d, dk), DataType.FLOAT64);
            NDArray g = manager.randomNormal(new Shape(t, t), DataType.FLOAT64);
            results.add(step("raw", x, q0, k0, g, eta));
            double scale = Math.sqrt(t) / x.norm().getDouble();
            results.add(step("global-scalar", x.mul(scale), q0, k0, g, eta));
        }
        return results;
    }

    private static Result step(String name, NDArray x, NDArray q0, NDArray k0, NDArray g, float eta) {
        NDArray q = q0.duplicate();
        NDArray k = k0.duplicate();
        q.setRequiresGradient(true);
        k.setRequiresGradient(true);
        NDArray before = scores(x, q, k);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(scores(x, q, k).mul(g).sum());
        }
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(eta)).build();
        NDArray predicted = predicted(x, q, k, g, eta);
        sgd.update("q", q, q.getGradient());
        sgd.update("k", k, k.getGradient());
        NDArray ds = scores(x, q, k).sub(before);

        double[] dsv = ds.toDoubleArray();
        double[] gv = g.toDoubleArray();
        double dot = 0;
        double dsNorm = 0;
        double gNorm = 0;
        for (int i = 0; i < gv.length; i++) {
            dot += -dsv[i] * gv[i];
            dsNorm += dsv[i] * dsv[i];
            gNorm += gv[i] * gv[i];
        }
        int t = (int) g.getShape().get(0);
        double[] rows = new double[t];
        for (int i = 0; i < t; i++) {
            double rd = 0;
            double rg = 0;
            for (int j = 0; j < t; j++) {
                rd += -dsv[i * t + j] * gv[i * t + j];
                rg += gv[i * t + j] * gv[i * t + j];
            }
            rows[i] = rd / (eta * rg);
        }
        double error = ds.sub(predicted).norm().getDouble() / predicted.norm().getDouble();
        return new Result(
                name,
                dot / Math.sqrt(dsNorm * gNorm),
                dot / (eta * gNorm),
                LayerStatistics.std(rows) / Math.abs(LayerStatistics.mean(rows)),
                error);
    }

    /** S = (X Q)(X K)ᵀ. */
    private static NDArray scores(NDArray x, NDArray q, NDArray k) {
        return x.matMul(q).matMul(x.matMul(k).transpose());
    }

    /** −η (XXᵀ G X K Kᵀ Xᵀ + X Q Qᵀ Xᵀ G XXᵀ) with the parameters before the step. */
    private static NDArray predicted(NDArray x, NDArray q, NDArray k, NDArray g, float eta) {
        NDArray xs = x.stopGradient();
        NDArray qs = q.stopGradient();
        NDArray ks = k.stopGradient();
        NDArray gram = xs.matMul(xs.transpose());
        NDArray xk = xs.matMul(ks);
        NDArray xq = xs.matMul(qs);
        NDArray first = gram.matMul(g).matMul(xk).matMul(xk.transpose());
        NDArray second = xq.matMul(xq.transpose()).matMul(g).matMul(gram);
        return first.add(second).mul(-eta);
    }
}
