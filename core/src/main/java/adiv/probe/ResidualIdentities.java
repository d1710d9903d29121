package adiv.probe;

import adiv.maps.AffineMap;
import adiv.maps.AffineMaps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One residual block inside a network, z_out = z + tanh(M(z)) with z = tanh(A x + a) from an input
 * layer (MATH.md §7), stepped once by plain SGD on M's parameters with an upstream gradient G imposed
 * on the block's output (L = Σ G ⊙ z_out). Two rows per map:
 *
 * <ul>
 *   <li>"block map": the map's own step is §4's: Δm_s = −η Σ_t K_st g_t with g = ∂L/∂m = tanh'(m) ⊙ G
 *       the gradient the map receives through the block. Predicted and measured are the mean over
 *       samples of the ratio ⟨Δm_s, −g_s⟩/(η‖g_s‖²) (the kernel's, cross-sample terms included, and
 *       the step's); rel_error is ‖Δm + η K g‖ / ‖η K g‖ over the whole batch.
 *   <li>"block output": the step of z_out, ⟨Δz_out,s, −G_s⟩/(η‖G_s‖²) per sample (mean and range),
 *       measured and shown, not predicted: the identity path is outside §4's single-layer picture.
 * </ul>
 */
public final class ResidualIdentities {

    /** The case of the map's own step inside the block. */
    public static final String MAP_CASE = "block map";
    /** The case of the block output's step. */
    public static final String OUTPUT_CASE = "block output";

    private ResidualIdentities() {}

    /** Every map of {@link AffineMaps#all()} as a residual block's map, at width = the settings' outputs. */
    public static List<IdentityRow> checkAll(OneStepIdentities.Settings settings) {
        List<IdentityRow> rows = new ArrayList<>();
        for (Map.Entry<String, IntFunction<AffineMap>> e : AffineMaps.all().entrySet()) {
            rows.addAll(check(e.getKey(), e.getValue(), settings));
        }
        return rows;
    }

    /** A map's two rows (see the class). */
    public static List<IdentityRow> check(String name, IntFunction<AffineMap> factory, OneStepIdentities.Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            int b = s.batch();
            int width = s.outputs();
            NDArray x = OneStepIdentities.inputs(manager, b, s);
            // The input layer: fixed here (only the block's map steps), so z is the block's input before and after.
            NDArray a = manager.randomNormal(new Shape(s.inputs(), width), s.dataType()).div(Math.sqrt(s.inputs()));
            NDArray z = x.matMul(a).add(manager.randomNormal(new Shape(width), s.dataType()).mul(0.1)).tanh();
            NDArray big = manager.randomUniform(0.5f, 2f, new Shape(b, 1), s.dataType());
            z = z.mul(big); // ‖z_s‖² differs clearly between samples, as the inputs' do
            AffineMap map = factory.apply(width);
            map.initialize(manager, s.dataType(), z.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            NDArray gOut = manager.randomNormal(new Shape(b, width), s.dataType());

            NDArray mBefore = map.forward(store, new NDList(z), true).singletonOrThrow();
            NDArray outBefore = z.add(mBefore.tanh());
            NDArray gMap = mBefore.tanh().square().neg().add(1).mul(gOut); // ∂L/∂m = tanh'(m) ⊙ G
            double[] k = OneStepIdentities.toDoubles(map.kernel(z));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray m = map.forward(store, new NDList(z), true).singletonOrThrow();
                collector.backward(z.add(m.tanh()).mul(gOut).sum());
            }
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(s.learningRate())).build();
            for (Pair<String, Parameter> p : map.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    sgd.update(p.getValue().getId(), p.getValue().getArray(), p.getValue().getArray().getGradient());
                }
            }
            NDArray mAfter = map.forward(store, new NDList(z), true).singletonOrThrow();
            double eta = s.learningRate();
            double[][] dm = TapBlock.matrix(mAfter.sub(mBefore));
            double[][] dOut = TapBlock.matrix(z.add(mAfter.tanh()).sub(outBefore));
            double[][] g = TapBlock.matrix(gMap);
            double[][] gz = TapBlock.matrix(gOut);

            double err = 0;
            double scale = 0;
            double predicted = 0;
            double[] measured = new double[b];
            double[] output = new double[b];
            for (int i = 0; i < b; i++) {
                double[] kg = new double[width];
                for (int t = 0; t < b; t++) {
                    for (int j = 0; j < width; j++) {
                        kg[j] += k[i * b + t] * g[t][j];
                    }
                }
                for (int j = 0; j < width; j++) {
                    double d = dm[i][j] + eta * kg[j];
                    err += d * d;
                    scale += eta * eta * kg[j] * kg[j];
                }
                double gg = dot(g[i], g[i]);
                predicted += dot(kg, g[i]) / gg / b;
                measured[i] = -dot(dm[i], g[i]) / (eta * gg);
                output[i] = -dot(dOut[i], gz[i]) / (eta * dot(gz[i], gz[i]));
            }
            String label = name + " in a residual block";
            java.util.DoubleSummaryStatistics step = java.util.Arrays.stream(measured).summaryStatistics();
            java.util.DoubleSummaryStatistics out = java.util.Arrays.stream(output).summaryStatistics();
            return List.of(
                    new IdentityRow(label, MAP_CASE, predicted, step.getAverage(), Math.sqrt(err / scale), step.getMin(),
                            step.getMax()),
                    new IdentityRow(label, OUTPUT_CASE, Double.NaN, out.getAverage(), Double.NaN, out.getMin(), out.getMax()));
        }
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }
}
