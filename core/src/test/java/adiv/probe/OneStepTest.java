package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static adiv.TestData.dot;
import static adiv.TestData.randomRows;

import adiv.maps.Affine;
import adiv.maps.AffineLike;
import adiv.maps.AffineMap;
import adiv.maps.AffineMaps;
import adiv.maps.BatchNorm;
import adiv.maps.DyT;
import adiv.maps.L2Norm;
import adiv.maps.NormalisedAffine;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-step identities of MATH.md §1–4, measured on real SGD updates of every map, against
 * kernels written out here from the table of MATH.md §4 (not taken from the maps' own code).
 */
class OneStepTest {

    private static final int N = 10;
    private static final int M = 6;
    private static final int B = 5;
    private static final float LR = 1e-3f;
    private static final double EPS = (float) L2Norm.DEFAULT_EPSILON;

    static Stream<String> maps() {
        return AffineMaps.all().keySet().stream();
    }

    /** K_st from MATH.md §4 for the named map, computed in plain Java. */
    static double expectedKernel(String map, double[] xs, double[] xt) {
        double dot = dot(xs, xt);
        double qs = dot(xs, xs);
        double qt = dot(xt, xt);
        double unitDot = dot / Math.sqrt((qs + EPS * EPS) * (qt + EPS * EPS));
        switch (map) {
            case "affine":
                return dot + 1;
            case "affine-like":
                return (dot + 1) / Math.sqrt((qs + 1) * (qt + 1));
            case "norm-like":
                return unitDot + 1;
            case "structural(rho=0.5)":
                return 0.5 * unitDot + 0.5;
            case "structural(rho=0.9)":
                double rho = (float) 0.9;
                return rho * unitDot + (1 - rho);
            case "gradient-only-proportional":
                return (dot + 1) / (qt + 1);
            case "gradient-only-disproportional":
                return dot / (2 * (qt + EPS * EPS)) + 0.5;
            case "layernorm+affine":
                return dot(layerNorm(xs), layerNorm(xt)) + 1;
            case "rmsnorm+affine":
                return dot(rmsNorm(xs), rmsNorm(xt)) + 1;
            default:
                throw new AssertionError("no expected kernel for " + map);
        }
    }

    /**
     * The single-sample ratios the paper states: ‖x‖²+1 for affine, 1 for the aligned maps, 2 for
     * norm-like, and ‖N(x)‖²+1 (about n+1) after a normaliser.
     */
    static double statedRatio(String map, double[] x) {
        switch (map) {
            case "affine":
                return dot(x, x) + 1;
            case "norm-like":
                return 2;
            case "layernorm+affine":
                return dot(layerNorm(x), layerNorm(x)) + 1;
            case "rmsnorm+affine":
                return dot(rmsNorm(x), rmsNorm(x)) + 1;
            default:
                return 1;
        }
    }

    /** MATH.md §8 LayerNorm with the block's default ε = 1e-5. */
    static double[] layerNorm(double[] x) {
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        return Arrays.stream(x).map(v -> (v - mean) / Math.sqrt(var + (float) 1e-5)).toArray();
    }

    /** MATH.md §8 RMSNorm with the block's default ε = 1e-6. */
    static double[] rmsNorm(double[] x) {
        double ms = dot(x, x) / x.length;
        return Arrays.stream(x).map(v -> v / Math.sqrt(ms + (float) 1e-6)).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void singleSampleStepMovesTheOutputByTheStatedMultipleOfItsSteepestDescent(String name) {
        Random random = new Random(21);
        double[][] x = randomRows(random, 1, N);
        double[][] g = randomRows(random, 1, M);
        double[][] dz = measure(AffineMaps.all().get(name), x, g);
        double ratio = statedRatio(name, x[0]);
        for (int i = 0; i < M; i++) {
            assertEquals(-LR * ratio * g[0][i], dz[0][i], 1e-9 * LR * ratio * Math.abs(g[0][i]) + 1e-15, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void batchStepFollowsTheKernelOfMath4(String name) {
        Random random = new Random(22);
        double[][] x = randomRows(random, B, N);
        double[][] g = randomRows(random, B, M);
        double[][] dz = measure(AffineMaps.all().get(name), x, g);
        for (int s = 0; s < B; s++) {
            for (int i = 0; i < M; i++) {
                double expected = 0;
                for (int t = 0; t < B; t++) {
                    expected += -LR * expectedKernel(name, x[s], x[t]) * g[t][i];
                }
                assertEquals(expected, dz[s][i], 1e-9 * LR * 10, name + " sample " + s);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void kernelMethodMatchesTheTable(String name) {
        Random random = new Random(23);
        double[][] x = randomRows(random, B, N);
        try (NDManager manager = NDManager.newBaseManager()) {
            AffineMap map = AffineMaps.all().get(name).apply(M);
            double[] k = map.kernel(manager.create(x)).toDoubleArray();
            for (int s = 0; s < B; s++) {
                for (int t = 0; t < B; t++) {
                    assertEquals(expectedKernel(name, x[s], x[t]), k[s * B + t], 1e-12, name);
                }
            }
        }
    }

    @Test
    void theoryCheckPassesForEveryMapAndReportsTheStatedRatios() {
        List<IdentityRow> rows = OneStepIdentities.checkAll(OneStepIdentities.Settings.defaults());
        assertEquals(2 * AffineMaps.all().size(), rows.size());
        for (IdentityRow row : rows) {
            assertTrue(row.relError() < 1e-9, row.toString());
            assertEquals(row.predicted(), row.measured(), 1e-9 * row.predicted(), row.toString());
            int n = OneStepIdentities.Settings.defaults().inputs();
            if (row.map().contains("norm+")) {
                // ‖N(x)‖² = n up to ε: constant across samples, but n+1 times the ideal step.
                assertEquals(n + 1, row.predicted(), 1e-3 * (n + 1), row.toString());
            } else if (!row.map().equals("affine")) {
                double stated = row.map().equals("norm-like") ? 2 : 1;
                assertEquals(stated, row.predicted(), 1e-9, row.toString());
            }
        }
        IdentityRow affine = rows.get(0);
        assertTrue(affine.predicted() > 10, "plain affine diverges by ‖x‖²+1: " + affine);
        for (IdentityRow row : rows) {
            if (row.testCase().equals("batch")) {
                double spread = row.measuredMax() / row.measuredMin();
                if (row.map().equals("affine")) {
                    assertTrue(spread > 1.5, "the affine ratio depends on the sample: " + row);
                } else {
                    assertEquals(1, spread, 1e-4, "the same ratio for every sample: " + row);
                }
            }
        }
    }

    @Test
    void theoryCheckFailsWhenAMapDoesNotFollowItsKernel() {
        IntFunction<AffineMap> wrong = MisclaimedAffine::new;
        IdentityRow single =
                OneStepIdentities.single("misclaimed", wrong, OneStepIdentities.Settings.defaults());
        IdentityRow batch =
                OneStepIdentities.batch("misclaimed", wrong, OneStepIdentities.Settings.defaults());
        assertFalse(single.passed(), single.toString());
        assertFalse(batch.passed(), batch.toString());
    }

    @Test
    void batchNormBeforeAffineStepsWithTheBatchNormalisedKernel() {
        Random random = new Random(24);
        double[][] x = randomRows(random, B, N);
        double[][] g = randomRows(random, B, M);
        IntFunction<AffineMap> factory =
                m ->
                        NormalisedAffine.builder()
                                .setUnits(m)
                                .setNormaliser(BatchNorm.builder().build())
                                .build();
        double[][] dz = measure(factory, x, g);
        double[][] normalised = new double[B][N];
        for (int j = 0; j < N; j++) {
            double mean = 0;
            double var = 0;
            for (double[] row : x) {
                mean += row[j] / B;
            }
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / B;
            }
            for (int s = 0; s < B; s++) {
                normalised[s][j] = (x[s][j] - mean) / Math.sqrt(var + (float) 1e-5);
            }
        }
        for (int s = 0; s < B; s++) {
            for (int i = 0; i < M; i++) {
                double expected = 0;
                for (int t = 0; t < B; t++) {
                    expected += -LR * (dot(normalised[s], normalised[t]) + 1) * g[t][i];
                }
                assertEquals(expected, dz[s][i], 1e-9 * LR * 10, "sample " + s);
            }
        }
    }

    @Test
    void kernelOfBatchNormBeforeAffineLeavesTheRunningStatisticsAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm bn = BatchNorm.builder().build();
            NormalisedAffine map = NormalisedAffine.builder().setUnits(M).setNormaliser(bn).build();
            NDArray x = manager.create(randomRows(new Random(25), B, N));
            map.initialize(manager, DataType.FLOAT64, x.getShape());
            double[] before = bn.getRunningMean().getArray().toDoubleArray();
            map.kernel(x);
            assertArrayEquals(before, bn.getRunningMean().getArray().toDoubleArray(), 0);
        }
    }

    @Test
    void aTrainableNormaliserHasNoKernel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NormalisedAffine map =
                    NormalisedAffine.builder().setUnits(M).setNormaliser(DyT.builder().build()).build();
            NDArray x = manager.create(randomRows(new Random(26), B, N));
            map.initialize(manager, DataType.FLOAT64, x.getShape());
            assertThrows(UnsupportedOperationException.class, () -> map.kernel(x));
        }
    }

    /** A plain affine map that claims the affine-like kernel: the check must catch it. */
    private static final class MisclaimedAffine extends Affine {
        private final AffineLike claimed;

        MisclaimedAffine(int m) {
            super(Affine.builder().setUnits(m));
            claimed = AffineLike.builder().setUnits(m).build();
        }

        @Override
        public NDArray kernel(NDArray x) {
            return claimed.kernel(x);
        }
    }

    /** Δz after one real SGD step with upstream gradient g, in float64. */
    private static double[][] measure(IntFunction<AffineMap> factory, double[][] x, double[][] g) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            NDArray xa = manager.create(x);
            AffineMap map = factory.apply(g[0].length);
            map.initialize(manager, DataType.FLOAT64, xa.getShape());
            OneStep<AffineMap> step = new OneStep<>(map, new ParameterStore(manager, false), LR);
            NDArray dz = step.step(xa, manager.create(g));
            double[] flat = dz.toDoubleArray();
            double[][] out = new double[x.length][g[0].length];
            for (int s = 0; s < x.length; s++) {
                System.arraycopy(flat, s * g[0].length, out[s], 0, g[0].length);
            }
            return out;
        }
    }
}
