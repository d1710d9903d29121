package adiv.maps;

import static adiv.maps.Fixtures.affine;
import static adiv.maps.Fixtures.forward;
import static adiv.maps.Fixtures.matrix;
import static adiv.maps.Fixtures.maxDiff;
import static adiv.maps.Fixtures.sq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each block's output against its textbook formula (MATH.md §2, §8), computed here in plain Java. */
class FormulaTest {

    private static final double TOL = 1e-12;
    private final Random random = new Random(3);
    private NDManager manager;
    private double[][] x;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        x = Fixtures.randomRows(random, 6, 9);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Applies a per-sample formula to every row. */
    private double[][] perSample(UnaryOperator<double[]> f) {
        double[][] y = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            y[s] = f.apply(x[s]);
        }
        return y;
    }

    private void assertBlock(Block block, double[][] expected) {
        double[][] actual = forward(block, manager, x, true);
        assertTrue(maxDiff(actual, expected) < TOL, () -> block + " differs by " + maxDiff(actual, expected));
    }

    @Test
    void layerNormCentresAndScalesEachSample() {
        assertBlock(
                LayerNorm.builder().build(),
                perSample(
                        v -> {
                            double mean = java.util.Arrays.stream(v).average().orElseThrow();
                            double var = java.util.Arrays.stream(v).map(a -> (a - mean) * (a - mean)).average().orElseThrow();
                            return java.util.Arrays.stream(v).map(a -> (a - mean) / Math.sqrt(var + (float) 1e-5)).toArray();
                        }));
    }

    @Test
    void rmsNormDividesByRootMeanSquare() {
        assertBlock(
                RmsNorm.builder().build(),
                perSample(
                        v -> {
                            double rms = Math.sqrt(sq(v) / v.length + (float) 1e-6);
                            return java.util.Arrays.stream(v).map(a -> a / rms).toArray();
                        }));
    }

    @Test
    void rmsNormOverChannelsNormalisesEachPosition() {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray img = m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 2, 2), ai.djl.ndarray.types.DataType.FLOAT64);
            Block block = RmsNorm.builder().optOverChannels(true).build();
            block.initialize(m, ai.djl.ndarray.types.DataType.FLOAT64, img.getShape());
            double[] out = block.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(img), true)
                    .singletonOrThrow().toDoubleArray();
            double[] in = img.toDoubleArray();
            for (int s = 0; s < 2; s++) {
                for (int p = 0; p < 4; p++) {
                    double ms = 0;
                    for (int c = 0; c < 3; c++) {
                        ms += in[(s * 3 + c) * 4 + p] * in[(s * 3 + c) * 4 + p] / 3;
                    }
                    for (int c = 0; c < 3; c++) {
                        int i = (s * 3 + c) * 4 + p;
                        assertEquals(in[i] / Math.sqrt(ms + (float) 1e-6), out[i], TOL);
                    }
                }
            }
        }
    }

    @Test
    void l2NormDividesBySmoothedNorm() {
        double eps = L2Norm.DEFAULT_EPSILON;
        assertBlock(
                L2Norm.builder().build(),
                perSample(
                        v -> {
                            double norm = Math.sqrt(sq(v) + (double) (float) eps * (float) eps);
                            return java.util.Arrays.stream(v).map(a -> a / norm).toArray();
                        }));
    }

    @Test
    void batchNormUsesBatchStatisticsPerFeature() {
        int n = x[0].length;
        double[][] expected = new double[x.length][n];
        for (int j = 0; j < n; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / x.length;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / x.length;
            }
            for (int s = 0; s < x.length; s++) {
                expected[s][j] = (x[s][j] - mean) / Math.sqrt(var + (float) 1e-5);
            }
        }
        assertBlock(BatchNorm.builder().build(), expected);
    }

    @Test
    void dytIsTanhOfHalfTheInputAtInitialisation() {
        assertBlock(
                DyT.builder().build(),
                perSample(v -> java.util.Arrays.stream(v).map(a -> Math.tanh(0.5 * a)).toArray()));
    }

    @Test
    void dyIsruIsRmsNormWithOtherFeaturesReplacedByBeta() {
        int n = x[0].length;
        double beta = n - 1; // the documented default
        DyIsru block = DyIsru.builder().build();
        assertBlock(
                block,
                perSample(v -> java.util.Arrays.stream(v).map(a -> Math.sqrt(n) * a / Math.sqrt(beta + a * a)).toArray()));
        assertEquals(beta, block.getBeta(), 1e-9);
    }

    /** tanh(‖v‖) v/‖v‖, written out. */
    private static double[] isotropicTanh(double[] v) {
        double r = Math.sqrt(sq(v));
        return java.util.Arrays.stream(v).map(a -> Math.tanh(r) * a / r).toArray();
    }

    @Test
    void isotropicTanhSquashesTheLengthAndKeepsTheDirection() {
        assertBlock(Activations.isotropicTanh(), perSample(FormulaTest::isotropicTanh));
    }

    @Test
    void isotropicTanhSeriesBranchAgreesWithTheFunctionNearZero() {
        double r = IsotropicTanh.SERIES_BELOW * 0.9;
        x = new double[][] {{r, 0, 0}, {0, r / 3, 0}};
        assertBlock(Activations.isotropicTanh(), perSample(FormulaTest::isotropicTanh));
    }

    @Test
    void leakyReluKeepsPositivesAndScalesNegatives() {
        assertBlock(
                Activations.leakyRelu(),
                perSample(v -> java.util.Arrays.stream(v).map(a -> a > 0 ? a : (float) 0.01 * a).toArray()));
    }

    @Test
    void affineMapsMatchTheirEquations() {
        double eps = (float) L2Norm.DEFAULT_EPSILON;
        checkAffineMap(Affine.builder().setUnits(4).build(), (w, b, v) -> affine(w, b, v));
        checkAffineMap(
                AffineLike.builder().setUnits(4).build(),
                (w, b, v) -> scale(affine(w, b, v), 1 / Math.sqrt(sq(v) + 1)));
        checkAffineMap(
                NormLike.builder().setUnits(4).build(),
                (w, b, v) -> affine(w, b, scale(v, 1 / Math.sqrt(sq(v) + eps * eps))));
        double rho = 0.3;
        checkAffineMap(
                Structural.builder().setUnits(4).optRho((float) rho).build(),
                (w, b, v) -> {
                    double[] wx = affine(w, new double[b.length], scale(v, 1 / Math.sqrt(sq(v) + eps * eps)));
                    double[] z = new double[wx.length];
                    for (int i = 0; i < z.length; i++) {
                        z[i] = Math.sqrt((float) rho) * wx[i] + Math.sqrt(1 - (float) rho) * b[i];
                    }
                    return z;
                });
        for (GradientOnlyAffine.Mode mode : GradientOnlyAffine.Mode.values()) {
            checkAffineMap(
                    GradientOnlyAffine.builder().setUnits(4).optMode(mode).build(),
                    (w, b, v) -> affine(w, b, v));
        }
    }

    interface AffineFormula {
        double[] apply(double[][] w, double[] b, double[] x);
    }

    private void checkAffineMap(AbstractAffineMap map, AffineFormula formula) {
        double[][] actual = forward(map, manager, x, true);
        double[][] w = matrix(map.getWeight().getArray());
        double[] b = map.getBias().getArray().toDoubleArray();
        double[][] expected = perSample(v -> formula.apply(w, b, v));
        assertTrue(maxDiff(actual, expected) < TOL, () -> map.getClass().getSimpleName() + " differs");
    }

    private static double[] scale(double[] v, double c) {
        return java.util.Arrays.stream(v).map(a -> a * c).toArray();
    }
}
