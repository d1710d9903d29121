package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.BatchNorm;
import adiv.maps.Convolution;
import adiv.maps.Init;
import adiv.maps.PatchNorm;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import adiv.maps.Activations;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The convolutional classifier: its layout, its refusals, and that it learns. */
class CnnBuilderTest {

    @Test
    void convBlocksWithNormaliserActivationAndPoolingThenAHead() {
        SequentialBlock net = CnnBuilder.build(new CnnSpec(1, 8, 8, 4, 32, 2, "affine", "batchnorm", "tanh", Init.PYTORCH));
        List<Block> l = net.getChildren().values();
        // reshape, [conv, norm, pool, act] × 2, flatten, head (tanh commutes with max pooling)
        assertEquals(1 + 4 * 2 + 2, l.size());
        assertInstanceOf(Convolution.class, l.get(1));
        assertInstanceOf(BatchNorm.class, l.get(2));
        SequentialBlock patch = CnnBuilder.build(new CnnSpec(3, 8, 8, 4, 32, 1, "patchnorm-norm-like", "none", "tanh", Init.PYTORCH));
        assertInstanceOf(PatchNorm.class, patch.getChildren().values().get(1));
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new CnnSpec(1, 8, 8, 4, 32, 2, "affine-like", "none", "tanh", Init.PYTORCH)).getMessage().contains("for --model cnn"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new CnnSpec(1, 8, 8, 4, 32, 2, "affine", "l2", "tanh", Init.PYTORCH)).getMessage().contains("unknown normaliser"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new CnnSpec(1, 8, 8, 4, 32, 4, "affine", "none", "tanh", Init.PYTORCH)).getMessage().contains("depth"));
    }

    @Test
    void aPatchNormNetworkLearnsTheQuadrantProblem() {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            SequentialBlock net = CnnBuilder.build(new CnnSpec(1, 6, 6, 4, 32, 1, "patchnorm-affine-like", "none", "tanh", Init.PYTORCH));
            RunResult r = new TrainingLoop(net, new TrainConfig(4, 32, 1e-2f, OptimizerKind.ADAM, 1)).run(data, TrainingListener.NONE);
            assertTrue(r.last().testAcc() > 0.85, "test accuracy " + r.last().testAcc());
        }
    }

    /**
     * The builder pools before a non-decreasing element-wise activation: the block's values and the
     * gradient it passes back must be those of activation-then-pooling.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tanh", "leaky-relu", "none"})
    void poolingBeforeTheActivationComputesTheSameBlockAndGradient(String activation) {
        assertTrue(Activations.commutesWithMaxPool(activation));
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray z = m.randomNormal(new Shape(4, 3, 8, 8)).mul(2);
            NDArray r = m.randomNormal(new Shape(4, 3, 4, 4));
            NDArray[] out = new NDArray[2];
            NDArray[] grad = new NDArray[2];
            for (int order = 0; order < 2; order++) {
                NDArray x = z.duplicate();
                x.setRequiresGradient(true);
                Block act = Activations.byName(activation);
                act.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, x.getShape());
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDArray y = order == 0
                            ? pool(act.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(x), true).singletonOrThrow())
                            : act.forward(new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(pool(x)), true).singletonOrThrow();
                    out[order] = y;
                    c.backward(y.mul(r).sum());
                }
                grad[order] = x.getGradient().duplicate();
            }
            assertTrue(out[0].allClose(out[1], 1e-6, 1e-7, false), activation + ": values differ");
            assertTrue(grad[0].allClose(grad[1], 1e-6, 1e-7, false), activation + ": gradients differ");
            assertTrue(grad[0].abs().sum().getFloat() > 0);
        }
    }

    @Test
    void isotropicTanhIsNotPooledFirst() {
        assertTrue(!Activations.commutesWithMaxPool("isotropic-tanh"));
        List<Block> l = CnnBuilder.build(new CnnSpec(1, 8, 8, 4, 4, 1, "affine", "none", "isotropic-tanh", Init.PYTORCH))
                .getChildren().values();
        assertEquals("IsotropicTanh", l.get(2).getClass().getSimpleName()); // conv, the activation, then pooling
        assertInstanceOf(ai.djl.nn.LambdaBlock.class, l.get(3));
    }

    private static NDArray pool(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
}
