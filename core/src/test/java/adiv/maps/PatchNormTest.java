package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PatchNorm (MATH.md §5) against an unfold reference written out here (each patch extracted
 * explicitly), its gradients against finite differences, and its one-step identity at a single
 * patch position.
 */
class PatchNormTest {

    private static PatchNorm block(PatchNorm.Mode mode, int k, int stride, int pad, int dil) {
        return PatchNorm.builder().setFilters(3).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).optDilation(new Shape(dil, dil)).optMode(mode).build();
    }

    @ParameterizedTest(name = "{0} k={1} stride={2} pad={3} dil={4}")
    @CsvSource({
        "AFFINE_LIKE, 3, 1, 0, 1", "AFFINE_LIKE, 3, 2, 1, 1", "AFFINE_LIKE, 2, 1, 1, 2", "AFFINE_LIKE, 3, 1, 2, 1",
        "NORM_LIKE, 3, 1, 0, 1", "NORM_LIKE, 3, 2, 1, 1", "NORM_LIKE, 2, 1, 1, 2", "NORM_LIKE, 3, 1, 2, 1"
    })
    void matchesTheUnfoldReference(PatchNorm.Mode mode, int k, int stride, int pad, int dil) {
        int b = 2;
        int c = 2;
        int h = 6;
        int w = 5;
        Random random = new Random(4);
        double[] x = new double[b * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            PatchNorm block = block(mode, k, stride, pad, dil);
            NDArray input = manager.create(x, new Shape(b, c, h, w));
            block.initialize(manager, DataType.FLOAT64, input.getShape());
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
            Shape os = out.getShape();
            assertEquals(block.getOutputShapes(new Shape[] {input.getShape()})[0], os);
            double[] z = out.toDoubleArray();
            double[] wt = block.getWeight().getArray().toDoubleArray();
            double[] bias = block.getBias().getArray().toDoubleArray();
            double eps = (float) L2Norm.DEFAULT_EPSILON;
            int oh = (int) os.get(2);
            int ow = (int) os.get(3);
            double[][] patches = Unfold.patches(x, b, c, h, w, k, stride, pad, dil);
            for (int s = 0; s < b; s++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double[] patch = patches[(s * oh + i) * ow + j];
                        double sq = Fixtures.sq(patch);
                        for (int f = 0; f < 3; f++) {
                            double wp = 0;
                            for (int e = 0; e < patch.length; e++) {
                                wp += wt[f * patch.length + e] * patch[e];
                            }
                            double expected = mode == PatchNorm.Mode.AFFINE_LIKE
                                    ? (wp + bias[f]) / Math.sqrt(sq + 1)
                                    : wp / Math.sqrt(sq + eps * eps) + bias[f];
                            assertEquals(expected, z[((s * 3 + f) * oh + i) * ow + j], 1e-12);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} stride={1} pad={2} dil={3}")
    @CsvSource({"AFFINE_LIKE, 1, 0, 1", "AFFINE_LIKE, 2, 1, 2", "NORM_LIKE, 1, 0, 1", "NORM_LIKE, 2, 1, 2"})
    void gradientsMatchFiniteDifferences(PatchNorm.Mode mode, int stride, int pad, int dil) {
        GradCheck.check(block(mode, 2, stride, pad, dil), new Shape(2, 2, 5, 5), 9, 1e-6);
    }

    @ParameterizedTest(name = "{0}: ratio {1}")
    @CsvSource({"AFFINE_LIKE, 1", "NORM_LIKE, 2"})
    void oneStepAtASinglePatchPositionMovesByTheStatedMultiple(PatchNorm.Mode mode, double stated) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            PatchNorm block = PatchNorm.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optMode(mode).build();
            NDArray x = manager.randomNormal(new Shape(1, 2, 3, 3), DataType.FLOAT64).mul(1.7);
            block.initialize(manager, DataType.FLOAT64, x.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            NDArray g = manager.randomNormal(new Shape(1, 4, 1, 1), DataType.FLOAT64);
            NDArray before = block.forward(store, new NDList(x), true).singletonOrThrow();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(block.forward(store, new NDList(x), true).singletonOrThrow().mul(g).sum());
            }
            float eta = 1e-3f;
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(eta)).build();
            for (var p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                sgd.update(p.getValue().getId(), a, a.getGradient());
            }
            double[] dz = block.forward(store, new NDList(x), true).singletonOrThrow().sub(before).toDoubleArray();
            double[] gv = g.toDoubleArray();
            for (int f = 0; f < 4; f++) {
                assertEquals(-eta * stated * gv[f], dz[f], 1e-9 * Math.abs(eta * gv[f]) + 1e-15);
            }
        }
    }
}
