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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The convolutional classifier: its layout, its refusals, and that it learns. */
class CnnBuilderTest {

    @Test
    void convBlocksWithNormaliserActivationAndPoolingThenAHead() {
        SequentialBlock net = CnnBuilder.build(new CnnSpec(1, 8, 8, 4, 32, 2, "affine", "batchnorm", "tanh", Init.PYTORCH));
        List<Block> l = net.getChildren().values();
        // reshape, [conv, norm, act, pool] × 2, flatten, head
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
}
