package adiv.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.OneThread;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints: a run stopped after epoch k and started again from its checkpoint ends with the
 * numbers of an uninterrupted run, exactly (one thread); the optimizer adiv owns computes what DJL's
 * does; a checkpoint that is not the run's own is not used.
 */
class CheckpointTest {

    @TempDir Path dir;

    /** Thrown by a checkpoint store to stop a run right after it saved an epoch, as a kill would. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static RunResult train(String map, String norm, TrainConfig config, Checkpoints checkpoints) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 300, 100), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 12, 2, map, norm, "tanh");
            return new TrainingLoop(MlpBuilder.build(spec), config).checkpoints(checkpoints).run(data, TrainingListener.NONE);
        }
    }

    private static void assertSameNumbers(RunResult expected, RunResult actual) {
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.epochs().size(), actual.epochs().size());
        for (int i = 0; i < expected.epochs().size(); i++) {
            EpochResult x = expected.epochs().get(i);
            EpochResult y = actual.epochs().get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.trainLoss(), y.trainLoss(), 0, "train loss of epoch " + x.epoch());
            assertEquals(x.testLoss(), y.testLoss(), 0, "test loss of epoch " + x.epoch());
            assertEquals(x.testAcc(), y.testAcc(), 0, "test accuracy of epoch " + x.epoch());
            assertEquals(x.valAcc(), y.valAcc(), 0, "validation accuracy of epoch " + x.epoch());
        }
    }

    @ParameterizedTest(name = "{0} + {1}, {2}, stopped after epoch {3}, validation {4}, patience {5}")
    @CsvSource({"affine-like, batchnorm, ADAM, 1, 0, 0", "affine, none, ADAM, 2, 0, 0", "norm-like, layernorm, SGD, 1, 0, 0",
        "affine-like, none, ADAM, 2, 0.2, 2"})
    void aRunStoppedAfterAnEpochContinuesToTheUninterruptedNumbers(String map, String norm, OptimizerKind opt, int stopAfter,
            double validation, int patience) {
        TrainConfig config = new TrainConfig(patience > 0 ? 12 : 4, 25, opt == OptimizerKind.SGD ? 0.05f : 1e-2f, opt, 5, 0,
                validation, patience);
        RunResult straight = OneThread.call(() -> train(map, norm, config, Checkpoints.NONE));

        Path file = dir.resolve(map + ".ckpt");
        CheckpointFile real = new CheckpointFile(file, "run-1", CheckpointFile.Gate.OPEN, line -> {});
        Checkpoints stopping = new Checkpoints() {
            @Override
            public TrainingState load(NDManager manager) {
                return real.load(manager);
            }

            @Override
            public void save(TrainingState state) {
                real.save(state);
                if (state.epochs().size() == stopAfter) {
                    throw new Stopped();
                }
            }
        };
        try {
            OneThread.run(() -> train(map, norm, config, stopping));
            throw new AssertionError("the run was not stopped");
        } catch (Stopped expected) {
            // the process "died" with its checkpoint on disk
        }
        assertTrue(Files.isRegularFile(file));
        List<Integer> resumedAfter = new ArrayList<>();
        RunResult resumed = OneThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager();
                    TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 300, 100), Preprocessing.STANDARDISE, manager)) {
                MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 12, 2, map, norm, "tanh");
                return new TrainingLoop(MlpBuilder.build(spec), config).checkpoints(real).run(data, new TrainingListener() {
                    @Override
                    public void resumed(List<EpochResult> epochs) {
                        resumedAfter.add(epochs.size());
                    }
                });
            }
        });
        assertEquals(List.of(stopAfter), resumedAfter, "resumed after the epoch it was stopped in");
        assertSameNumbers(straight, resumed);
        assertEquals(straight.stopped(), resumed.stopped(), "the same reason to stop");
    }

    @Test
    void aCheckpointOfAnotherRunOrADamagedOneIsNotUsed() throws Exception {
        Path file = dir.resolve("r.ckpt");
        TrainConfig config = new TrainConfig(2, 50, 1e-2f, OptimizerKind.ADAM, 1);
        train("affine", "none", config, new CheckpointFile(file, "run-a", CheckpointFile.Gate.OPEN, line -> {}));
        assertTrue(Files.isRegularFile(file), "the first epoch's checkpoint is kept until the run is recorded");
        List<String> log = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertNull(new CheckpointFile(file, "run-b", CheckpointFile.Gate.OPEN, log::add).load(manager));
            assertTrue(log.get(0).contains("belongs to run run-a"), log.get(0));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            assertNull(new CheckpointFile(file, "run-a", CheckpointFile.Gate.OPEN, log::add).load(manager));
            assertTrue(log.get(1).contains("checksum"), log.get(1));
        }
        CheckpointFile.delete(file);
        assertTrue(!Files.exists(file));
    }

    @Test
    void theOptimizerAdivOwnsComputesWhatDjlsAdamComputes() {
        OneThread.run(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                float[] ours = weightsAfter(manager, false);
                float[] djl = weightsAfter(manager, true);
                float[] start = weightsAfter(manager, null);
                // libtorch's fused kernel computes DJL's update in another order (ParameterUpdater.Adam):
                // equal to float32 rounding, a few units in the last place after five steps, while
                // the steps themselves moved every weight by far more.
                for (int i = 0; i < djl.length; i++) {
                    assertEquals(djl[i], ours[i], 4 * Math.ulp(Math.max(Math.abs(djl[i]), 0.125f)), "weight " + i + " after 5 steps");
                    assertTrue(Math.abs(djl[i] - start[i]) > 1e-3, "weight " + i + " moved by " + Math.abs(djl[i] - start[i]));
                }
            }
        });
    }

    /** A small network's weights after five Adam steps with DJL's optimizer or adiv's (null: none). */
    private static float[] weightsAfter(NDManager manager, Boolean djl) {
        Engine.getInstance().setRandomSeed(11);
        Block net = MlpBuilder.build(MlpSpec.of(6, 3, 5, 1, "affine-like", "none", "tanh"));
        net.initialize(manager, DataType.FLOAT32, new Shape(4, 6));
        ParameterStore store = new ParameterStore(manager, false);
        List<Pair<String, Parameter>> params = new ArrayList<>();
        net.getParameters().forEach(params::add);
        Optimizer theirs = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).optBeta1(0.9f)
                .optBeta2(0.999f).optEpsilon(1e-8f).build();
        ParameterUpdater mine = ParameterUpdater.adam(0.01f, manager);
        NDArray x = manager.randomNormal(new Shape(4, 6));
        NDArray y = manager.create(new float[] {0, 1, 2, 1});
        for (int step = 0; step < 5; step++) {
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
                c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            if (djl == null) {
                break;
            } else if (djl) {
                for (Pair<String, Parameter> p : params) {
                    theirs.update(p.getValue().getId(), p.getValue().getArray(), p.getValue().getArray().getGradient());
                }
            } else {
                mine.step(params);
            }
        }
        return params.get(0).getValue().getArray().toFloatArray();
    }
}
