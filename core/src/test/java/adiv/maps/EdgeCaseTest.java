package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** x = 0, DyISRU's β under hostile training, initialisation, and bad builder values. */
class EdgeCaseTest {

    static Stream<Arguments> singularAtZero() {
        return Stream.of(
                Arguments.of("norm-like", (Supplier<Block>) () -> NormLike.builder().setUnits(3).build()),
                Arguments.of("structural", (Supplier<Block>) () -> Structural.builder().setUnits(3).build()),
                Arguments.of("gradient-only-disproportional",
                        (Supplier<Block>) () -> GradientOnlyAffine.builder().setUnits(3)
                                .optMode(GradientOnlyAffine.Mode.DISPROPORTIONAL).build()),
                Arguments.of("l2", (Supplier<Block>) () -> L2Norm.builder().build()),
                Arguments.of("isotropic-tanh", (Supplier<Block>) Activations::isotropicTanh),
                Arguments.of("dyisru", (Supplier<Block>) () -> DyIsru.builder().build()));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("singularAtZero")
    void finiteOutputsAndGradientsAtZero(String name, Supplier<Block> factory) {
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = factory.get();
                NDArray x = manager.zeros(new Shape(2, 5), type);
                block.initialize(manager, type, x.getShape());
                x.setRequiresGradient(true);
                NDArray out;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    out = block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                    gc.backward(out.mul(out.onesLike().mul(0.3)).sum());
                }
                assertAllFinite(name + " output " + type, out);
                assertAllFinite(name + " input gradient " + type, x.getGradient());
                block.getParameters().forEach(p -> {
                    if (p.getValue().requiresGradient()) {
                        assertAllFinite(name + " d/d" + p.getKey() + " " + type, p.getValue().getArray().getGradient());
                    }
                });
            }
        }
    }

    @Test
    void isotropicTanhIsTheIdentityJacobianAtZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(1, 4), DataType.FLOAT64);
            Block block = Activations.isotropicTanh();
            block.initialize(manager, DataType.FLOAT64, x.getShape());
            Map<String, double[]> g =
                    GradCheck.autograd(block, new ParameterStore(manager, false), x,
                            manager.create(new double[][] {{1, -2, 3, 0.5}}));
            assertEquals(1.0, g.get("input")[0], 1e-12);
            assertEquals(-2.0, g.get("input")[1], 1e-12);
        }
    }

    @Test
    void dyIsruBetaStaysPositiveWhenTrainingDrivesItTowardsZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DyIsru block = DyIsru.builder().optInitialBeta(2f).build();
            NDArray x = manager.create(new float[][] {{0.5f, -1f, 0f, 2f}, {0.1f, 0f, -0.3f, 1f}});
            block.initialize(manager, DataType.FLOAT32, x.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(50f)).build();
            for (int step = 0; step < 300; step++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
                    // Minimising −Σy² pushes β down: y_i grows as β shrinks.
                    gc.backward(y.square().sum().neg());
                }
                NDArray u = block.getU().getArray();
                sgd.update(block.getU().getId(), u, u.getGradient());
            }
            double beta = block.getBeta();
            assertTrue(beta > 0, "beta " + beta);
            assertTrue(beta < 1e-3, "the test must have driven beta to its floor, got " + beta);
            NDArray y = block.forward(store, new NDList(x), false).singletonOrThrow();
            assertAllFinite("dyisru output at tiny beta", y);
        }
    }

    @Test
    void pytorchInitialisationDrawsWithinOneOverRootFanIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Affine map = Affine.builder().setUnits(200).build();
            map.initialize(manager, DataType.FLOAT64, new Shape(1, 400));
            double bound = 1 / Math.sqrt(400);
            double[] w = map.getWeight().getArray().toDoubleArray();
            double[] b = map.getBias().getArray().toDoubleArray();
            double var = 0;
            for (double v : w) {
                assertTrue(Math.abs(v) <= bound);
                var += v * v / w.length;
            }
            assertEquals(bound * bound / 3, var, 0.02 * bound * bound / 3, "uniform variance");
            for (double v : b) {
                assertTrue(Math.abs(v) <= bound);
            }
        }
    }

    @Test
    void xavierNormalInitialisationHasTheGlorotVarianceAndZeroBias() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            Affine map = Affine.builder().setUnits(300).optInit(Init.XAVIER_NORMAL).build();
            map.initialize(manager, DataType.FLOAT64, new Shape(1, 500));
            double[] w = map.getWeight().getArray().toDoubleArray();
            double var = 0;
            for (double v : w) {
                var += v * v / w.length;
            }
            assertEquals(2.0 / 800, var, 0.02 * 2.0 / 800);
            for (double v : map.getBias().getArray().toDoubleArray()) {
                assertEquals(0, v);
            }
        }
    }

    @Test
    void sameSeedSameParameters() {
        double[] first = initialWeights(17);
        double[] second = initialWeights(17);
        assertEquals(first.length, second.length);
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], second[i], 0);
        }
    }

    private static double[] initialWeights(int seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(seed);
            AffineLike map = AffineLike.builder().setUnits(5).build();
            map.initialize(manager, DataType.FLOAT32, new Shape(2, 7));
            return map.getWeight().getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    @Test
    void badBuilderValuesAreRefusedWithTheirName() {
        assertMessage(() -> Structural.builder().optRho(1f), "rho");
        assertMessage(() -> Affine.builder().setUnits(0).build(), "units");
        assertMessage(() -> L2Norm.builder().optEpsilon(0f), "epsilon");
        assertMessage(() -> NormLike.builder().optEpsilon(-1e-6f), "epsilon");
        assertMessage(() -> PatchNorm.builder().optEpsilon(Float.POSITIVE_INFINITY), "epsilon");
        assertMessage(() -> BatchNorm.builder().optEpsilon(Float.NaN), "epsilon");
        assertMessage(() -> BatchNorm.builder().optMomentum(2f), "momentum");
        assertMessage(() -> DyIsru.builder().optInitialBeta(-1f), "beta");
        assertMessage(() -> Activations.byName("relu6"), "activation");
        assertMessage(() -> Init.parse("he"), "initialisation");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String word) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    private static void assertAllFinite(String what, NDArray a) {
        for (double v : a.toType(DataType.FLOAT64, false).toDoubleArray()) {
            assertTrue(Double.isFinite(v), what + " has " + v);
        }
    }
}
