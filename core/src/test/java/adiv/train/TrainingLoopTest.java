package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.Split;
import adiv.data.TensorDataset;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training loop on a small learnable problem: each class is a different mean image plus noise.
 */
class TrainingLoopTest {

    /** 4 classes of 1×6×6 images: class k is bright in quadrant k. */
    static RawDataset problem(long seed, int n, int m) {
        Random random = new Random(seed);
        return new RawDataset("quadrants", "memory", 1, 6, 6, 4, split(random, n), split(random, m));
    }

    private static Split split(Random random, int n) {
        byte[] pixels = new byte[n * 36];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(4);
            labels[i] = (byte) k;
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 6; c++) {
                    int quadrant = (r / 3) * 2 + (c / 3);
                    int base = quadrant == k ? 150 : 60;
                    pixels[i * 36 + r * 6 + c] = (byte) Math.max(0, Math.min(255, base + (int) (random.nextGaussian() * 50)));
                }
            }
        }
        return new Split(pixels, labels);
    }

    private static RunResult train(String map, TrainConfig config, TrainingListener listener) {
        return train(map, "tanh", config, listener);
    }

    private static RunResult train(String map, String act, TrainConfig config, TrainingListener listener) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 16, 2, map, "none", act);
            return new TrainingLoop(MlpBuilder.build(spec), config).run(data, listener);
        }
    }

    @Test
    void learnsTheProblemWellAboveChance() {
        RunResult r = train("affine", new TrainConfig(4, 32, 1e-2f, OptimizerKind.ADAM, 1), TrainingListener.NONE);
        assertEquals(RunResult.DONE, r.status());
        assertEquals(4, r.epochs().size());
        assertTrue(r.last().testAcc() > 0.9, "test accuracy " + r.last().testAcc());
        assertTrue(r.last().trainLoss() < r.epochs().get(0).trainLoss());
        for (EpochResult e : r.epochs()) {
            assertTrue(e.seconds() > 0 && Double.isFinite(e.testLoss()));
        }
    }

    @Test
    void sgdTrainsToo() {
        RunResult r = train("affine-like", new TrainConfig(6, 16, 0.5f, OptimizerKind.SGD, 2), TrainingListener.NONE);
        assertTrue(r.last().testAcc() > 0.8, "test accuracy " + r.last().testAcc());
    }

    @Test
    void theSameSeedGivesIdenticalNumbersAndAnotherSeedDoesNot() {
        TrainConfig config = new TrainConfig(2, 32, 1e-2f, OptimizerKind.ADAM, 7);
        RunResult a = adiv.OneThread.call(() -> train("norm-like", config, TrainingListener.NONE));
        RunResult b = adiv.OneThread.call(() -> train("norm-like", config, TrainingListener.NONE));
        RunResult c = train("norm-like", new TrainConfig(2, 32, 1e-2f, OptimizerKind.ADAM, 8), TrainingListener.NONE);
        for (int i = 0; i < 2; i++) {
            EpochResult x = a.epochs().get(i);
            EpochResult y = b.epochs().get(i);
            assertEquals(x.trainLoss(), y.trainLoss(), 0);
            assertEquals(x.testLoss(), y.testLoss(), 0);
            assertEquals(x.testAcc(), y.testAcc(), 0);
        }
        assertNotEquals(a.last().trainLoss(), c.last().trainLoss());
    }

    @Test
    void anExplodingLossEndsTheRunAsDivergedAndKeepsTheEpochsBefore() {
        List<EpochResult> heard = new ArrayList<>();
        TrainingListener listener =
                new TrainingListener() {
                    @Override
                    public void epochEnded(EpochResult result) {
                        heard.add(result);
                    }
                };
        // Without an activation the logits grow as the product of three exploding weight matrices.
        RunResult r = train("affine", "none", new TrainConfig(5, 32, 1e10f, OptimizerKind.SGD, 1), listener);
        assertEquals(RunResult.DIVERGED, r.status());
        assertTrue(r.epochs().size() <= 5);
        assertTrue(Double.isNaN(r.last().testAcc()));
        assertEquals(r.epochs().size(), heard.size());
    }

    @Test
    void memoryStaysFlatOverEpochs() {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(problem(4, 300, 100), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 16, 2, "gradient-only-proportional", "batchnorm", "tanh");
            int[] counts = new int[4];
            TrainingListener counter =
                    new TrainingListener() {
                        @Override
                        public void epochEnded(EpochResult result) {
                            counts[result.epoch() - 1] = countArrays(manager);
                        }
                    };
            new TrainingLoop(MlpBuilder.build(spec), new TrainConfig(4, 25, 1e-3f, OptimizerKind.ADAM, 1)).run(data, counter);
            assertEquals(counts[1], counts[3], "arrays alive after epoch 2 and after epoch 4");
        }
    }

    /** Arrays alive under a manager and all its sub-managers. */
    static int countArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    @Test
    void permutationIsAPermutationAndSeeded() {
        long[] p = TrainingLoop.permutation(50, new Random(3));
        long[] q = TrainingLoop.permutation(50, new Random(3));
        assertEquals(java.util.Arrays.toString(p), java.util.Arrays.toString(q));
        long[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void bf16ProductsTrainFloat32ParametersAndLearnTheProblem() {
        TrainConfig f32 = new TrainConfig(3, 32, 1e-2f, OptimizerKind.ADAM, 1);
        TrainConfig bf16 = new TrainConfig(3, 32, 1e-2f, OptimizerKind.ADAM, 1, 0, 0, 0, adiv.maps.Precision.BF16);
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 16, 2, "affine-like", "none", "tanh");
            TrainingLoop loop = new TrainingLoop(MlpBuilder.build(spec), bf16);
            RunResult r = loop.run(data, TrainingListener.NONE);
            assertTrue(r.last().testAcc() > 0.9, "test accuracy " + r.last().testAcc());
            loop.network().getParameters().forEach(p ->
                    assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, p.getValue().getArray().getDataType(), p.getKey()));
            assertEquals(adiv.maps.Precision.FLOAT32, adiv.maps.Precision.current(), "the run's precision ends with it");
            RunResult plain = new TrainingLoop(MlpBuilder.build(spec), f32).run(data, TrainingListener.NONE);
            double a = r.epochs().get(0).trainLoss();
            double b = plain.epochs().get(0).trainLoss();
            assertTrue(a != b && Math.abs(a - b) < 0.05 * b, "bf16 " + a + " against float32 " + b);
        }
    }
}
