package adiv.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.OneThread;
import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.Split;
import adiv.data.TensorDataset;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Training until stagnation (MATH.md §10): a validation split held out from the training set, the
 * epoch selected on it, the run stopped after {@code patience} epochs without improvement, and the
 * test set never choosing anything; and what a seed fixes for a paired comparison.
 */
class EarlyStoppingTest {

    private static RunResult train(RawDataset raw, String map, TrainConfig config) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(raw, Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 12, 1, map, "none", "tanh");
            return new TrainingLoop(MlpBuilder.build(spec), config).run(data, TrainingListener.NONE);
        }
    }

    @Test
    void whenValidationStopsImprovingTheRunStopsAfterPatienceEpochsAndSelectsTheBest() {
        // The quadrant problem is learnt in a few epochs; validation accuracy then stops improving.
        TrainConfig config = new TrainConfig(40, 20, 1e-3f, OptimizerKind.ADAM, 3, 0, 0.2, 3);
        RunResult r = OneThread.call(() -> train(TrainingLoopTest.problem(5, 400, 200), "affine", config));
        assertEquals(RunResult.STAGNATED, r.stopped(), "stopped before its 40 epochs: " + r.epochs().size());
        EpochResult selected = r.selected();
        assertTrue(selected.epoch() > 1, "validation accuracy improved for a while first: " + r.epochs());
        assertEquals(selected.epoch() + 3, r.last().epoch(), "three epochs without improvement, then stop");
        for (EpochResult e : r.epochs()) {
            assertTrue(Double.isFinite(e.valAcc()) && Double.isFinite(e.valLoss()), "every epoch is validated");
            if (e.epoch() < selected.epoch()) {
                assertTrue(e.valAcc() < selected.valAcc(), "the first best epoch is selected: " + e);
            } else {
                assertTrue(e.valAcc() <= selected.valAcc(), "none after it is better: " + e);
            }
        }
        // The same run without patience trains every epoch, and with patience none the protocol is fixed.
        TrainConfig fixed = new TrainConfig(6, 20, 1e-3f, OptimizerKind.ADAM, 3, 0, 0.2, 0);
        RunResult all = OneThread.call(() -> train(TrainingLoopTest.problem(5, 400, 200), "affine", fixed));
        assertEquals(6, all.epochs().size());
        assertEquals(RunResult.MAX_EPOCHS, all.stopped());
        for (int i = 0; i < Math.min(6, r.epochs().size()); i++) {
            assertEquals(r.epochs().get(i).trainLoss(), all.epochs().get(i).trainLoss(), 0,
                    "patience only decides when to stop, not what is trained");
        }
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(5, 20, 1e-2f, OptimizerKind.ADAM, 1, 0, 0, 3),
                "patience needs a validation split");
    }

    @Test
    void permutingTheTestLabelsChangesNoSelectedEpochNorAnythingTrained() {
        RawDataset raw = TrainingLoopTest.problem(7, 300, 200);
        byte[] labels = raw.test().labels().clone();
        List<Byte> shuffled = new ArrayList<>();
        for (byte b : labels) {
            shuffled.add(b);
        }
        java.util.Collections.shuffle(shuffled, new Random(99));
        byte[] permuted = new byte[labels.length];
        for (int i = 0; i < permuted.length; i++) {
            permuted[i] = shuffled.get(i);
        }
        assertNotEquals(java.util.Arrays.toString(labels), java.util.Arrays.toString(permuted));
        RawDataset other = new RawDataset(raw.name(), raw.source(), raw.channels(), raw.height(), raw.width(),
                raw.classes(), raw.train(), new Split(raw.test().pixels(), permuted));
        TrainConfig config = new TrainConfig(12, 25, 5e-3f, OptimizerKind.ADAM, 4, 0, 0.25, 2);
        for (String map : List.of("affine", "affine-like")) {
            RunResult a = OneThread.call(() -> train(raw, map, config));
            RunResult b = OneThread.call(() -> train(other, map, config));
            assertEquals(a.selected().epoch(), b.selected().epoch(), map);
            assertEquals(a.epochs().size(), b.epochs().size(), map + ": the same epoch to stop at");
            for (int i = 0; i < a.epochs().size(); i++) {
                assertEquals(a.epochs().get(i).valAcc(), b.epochs().get(i).valAcc(), 0);
                assertEquals(a.epochs().get(i).trainLoss(), b.epochs().get(i).trainLoss(), 0);
            }
            boolean testDiffers = false;
            for (int i = 0; i < a.epochs().size(); i++) {
                testDiffers |= a.epochs().get(i).testAcc() != b.epochs().get(i).testAcc();
            }
            assertTrue(testDiffers, "the test labels did change what the test accuracy measures");
        }
    }

    @Test
    void theValidationSplitIsHeldOutSeededAndLeavesTheDataOrderAloneWhenEmpty() {
        TrainingLoop.Holdout h = TrainingLoop.Holdout.of(1000, 0.1, 7);
        assertEquals(100, h.validation().length);
        assertEquals(900, h.train().length);
        Set<Long> seen = new HashSet<>();
        for (long i : h.train()) {
            seen.add(i);
        }
        for (long i : h.validation()) {
            assertTrue(seen.add(i), "row " + i + " is both trained on and validated on");
        }
        assertEquals(1000, seen.size());
        assertArrayEquals(h.validation(), TrainingLoop.Holdout.of(1000, 0.1, 7).validation(), "seeded");
        assertNotEquals(java.util.Arrays.toString(h.validation()),
                java.util.Arrays.toString(TrainingLoop.Holdout.of(1000, 0.1, 8).validation()));
        // Without a validation split every row is trained on, shuffled exactly as before the split existed.
        TrainingLoop.Holdout none = TrainingLoop.Holdout.of(50, 0, 3);
        assertEquals(0, none.validation().length);
        assertArrayEquals(TrainingLoop.permutation(50, new Random(3)), TrainingLoop.shuffled(none.train(), new Random(3)));
    }

    @Test
    void aSeedFixesTheInitialWeightsWhereTheShapesAgree() {
        // Affine, affine-like and BatchNorm + affine have the same parameter shapes: with one seed
        // they start from the same weights, so a paired comparison differs only in the method.
        try (NDManager manager = NDManager.newBaseManager()) {
            List<float[]> first = initial(manager, MlpSpec.of(16, 4, 8, 2, "affine", "none", "tanh"), 5);
            for (MlpSpec other : List.of(MlpSpec.of(16, 4, 8, 2, "affine-like", "none", "tanh"),
                    MlpSpec.of(16, 4, 8, 2, "affine", "batchnorm", "tanh"))) {
                List<float[]> w = initial(manager, other, 5);
                assertEquals(first.size(), w.size());
                for (int i = 0; i < w.size(); i++) {
                    assertArrayEquals(first.get(i), w.get(i), 0f, other + " parameter " + i);
                }
            }
            List<float[]> otherSeed = initial(manager, MlpSpec.of(16, 4, 8, 2, "affine", "none", "tanh"), 6);
            assertTrue(first.get(0)[0] != otherSeed.get(0)[0], "another seed, other weights");
        }
    }

    /** A network's trained parameters as initialised with a seed, the way the training loop does it. */
    private static List<float[]> initial(NDManager manager, MlpSpec spec, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Block net = MlpBuilder.build(spec);
        net.initialize(manager, DataType.FLOAT32, new Shape(4, 16));
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                values.add(p.getValue().getArray().toFloatArray());
            }
        }
        return values;
    }
}
