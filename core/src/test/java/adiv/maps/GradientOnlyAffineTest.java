package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MATH.md §3: the gradient-only maps keep the value and the input gradient of W x + b and scale
 * each sample's parameter-gradient contribution. Input gradients are checked against finite
 * differences; parameter gradients against Σ_s c_s r_s x_sᵀ and Σ_s c_s r_s written out here.
 */
class GradientOnlyAffineTest {

    @ParameterizedTest
    @EnumSource(GradientOnlyAffine.Mode.class)
    void parameterGradientsAreScaledPerSampleAndInputGradientIsUntouched(GradientOnlyAffine.Mode mode) {
        int batch = 4;
        int n = 6;
        int m = 3;
        Random random = new Random(7);
        double[][] x = Fixtures.randomRows(random, batch, n);
        double[][] r = Fixtures.randomRows(random, batch, m);
        double eps = (float) L2Norm.DEFAULT_EPSILON;
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            GradientOnlyAffine map = GradientOnlyAffine.builder().setUnits(m).optMode(mode).build();
            NDArray xa = manager.create(x);
            map.initialize(manager, DataType.FLOAT64, xa.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            NDArray ra = manager.create(r);
            Map<String, double[]> grads = GradCheck.autograd(map, store, xa, ra);

            double[] dW = new double[m * n];
            double[] db = new double[m];
            for (int s = 0; s < batch; s++) {
                double q = Fixtures.sq(x[s]);
                double cW = mode == GradientOnlyAffine.Mode.PROPORTIONAL ? 1 / (q + 1) : 1 / (2 * (q + eps * eps));
                double cB = mode == GradientOnlyAffine.Mode.PROPORTIONAL ? 1 / (q + 1) : 0.5;
                for (int i = 0; i < m; i++) {
                    db[i] += cB * r[s][i];
                    for (int j = 0; j < n; j++) {
                        dW[i * n + j] += cW * r[s][i] * x[s][j];
                    }
                }
            }
            assertArrayClose(dW, grads.get("weight"));
            assertArrayClose(db, grads.get("bias"));

            double[] dx = grads.get("input");
            for (int i = 0; i < dx.length; i++) {
                int at = i;
                double fd = GradCheck.numeric(xa, at, () -> GradCheck.loss(map, store, xa, ra));
                assertEquals(fd, dx[i], 1e-6, "d/dx[" + i + "]");
            }
        }
    }

    private static void assertArrayClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, "entry " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(GradientOnlyAffine.Mode.class)
    void theInputGradientReachesAnIntermediateInput(GradientOnlyAffine.Mode mode) {
        try (NDManager manager = NDManager.newBaseManager()) {
            GradientOnlyAffine map = GradientOnlyAffine.builder().setUnits(3).optMode(mode).build();
            NDArray leaf = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, 4), DataType.FLOAT64);
            leaf.setRequiresGradient(true);
            map.initialize(manager, DataType.FLOAT64, leaf.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            try (ai.djl.training.GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray hidden = leaf.tanh(); // not a leaf: as a hidden layer's input
                gc.backward(map.forward(store, new ai.djl.ndarray.NDList(hidden), true).singletonOrThrow().sum());
            }
            double total = 0;
            for (double v : leaf.getGradient().toDoubleArray()) {
                total += Math.abs(v);
            }
            org.junit.jupiter.api.Assertions.assertTrue(total > 1e-6, "the gradient must flow through the map");
        }
    }
}
