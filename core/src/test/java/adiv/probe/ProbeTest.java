package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.Split;
import adiv.data.TensorDataset;
import adiv.train.MlpBuilder;
import adiv.train.MlpSpec;
import adiv.train.OptimizerKind;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe inside real training: MATH.md §1–4 measured on every layer of an MLP. */
class ProbeTest {

    /** 3 classes of 1×4×5 images with class-dependent brightness. */
    static RawDataset problem() {
        Random random = new Random(5);
        return new RawDataset("t", "memory", 1, 4, 5, 3, split(random, 240), split(random, 60));
    }

    private static Split split(Random random, int n) {
        byte[] pixels = new byte[n * 20];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(3);
            labels[i] = (byte) k;
            for (int p = 0; p < 20; p++) {
                pixels[i * 20 + p] = (byte) Math.max(0, Math.min(255, 60 * k + (p % 3 == k ? 80 : 0) + (int) (random.nextGaussian() * 40)));
            }
        }
        return new Split(pixels, labels);
    }

    private record Run(List<ProbeRecord> records, List<double[]> weights) {}

    private static Run train(String map, String norm, int batch, OptimizerKind opt, boolean probed, int steps) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(problem(), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 6, 2, map, norm, "tanh");
            TrainConfig config = new TrainConfig(5, batch, 1e-2f, opt, 3, steps);
            Probe probe = new Probe(3, config.learningRate(), map, r -> {});
            Block net = probed ? MlpBuilder.build(spec, probe) : MlpBuilder.build(spec);
            TrainingLoop loop = new TrainingLoop(net, config);
            if (probed) {
                loop.observe(probe);
            }
            loop.run(data, TrainingListener.NONE);
            List<double[]> weights = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                weights.add(p.getValue().getArray().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray());
            }
            return new Run(new ArrayList<>(probe.records()), weights);
        }
    }

    @ParameterizedTest(name = "{0}: r = {1}")
    @CsvSource({
        "affine, 0",
        "affine-like, 1",
        "norm-like, 2",
        "structural, 1",
        "gradient-only-proportional, 1",
        "gradient-only-disproportional, 1"
    })
    void atBatchOneWithSgdEveryLayerMovesByItsStatedRatio(String map, double stated) {
        List<ProbeRecord> records = train(map, "none", 1, OptimizerKind.SGD, true, 20).records();
        assertEquals(7 * 3, records.size(), "steps 1, 4, ..., 19 on three layers");
        for (ProbeRecord r : records) {
            double expected = stated == 0 ? r.predictedRatioMean() : stated;
            assertEquals(expected, r.ratioMean(), 1e-3 * expected, r.toString());
            assertEquals(r.predictedRatioMean(), r.ratioMean(), 1e-3 * expected, r.toString());
            assertEquals(1, r.cosineMean(), 1e-6, r.toString());
            assertNull(r.corrRatioNorm(), "no correlation at batch 1");
            if (map.equals("affine")) {
                assertTrue(r.ratioMean() > 1.01, "the plain map's ratio is ‖x‖²+1: " + r);
            }
        }
    }

    @Test
    void atBatchSixteenTheActualInterferenceIsTheKernels() {
        for (String map : new String[] {"affine", "affine-like"}) {
            List<ProbeRecord> records = train(map, "none", 16, OptimizerKind.SGD, true, 10).records();
            assertFalse(records.isEmpty());
            for (ProbeRecord r : records) {
                assertEquals(r.interferenceKernel(), r.interferenceActual(), 1e-3 * r.interferenceKernel(), r.toString());
                assertTrue(r.interferenceKernel() > 0.01, "interference is not zero at B=16: " + r);
                assertNotNull(r.corrRatioNorm());
            }
        }
    }

    @Test
    void withANormaliserTheKernelUsesTheNormalisedInput() {
        List<ProbeRecord> records = train("affine", "batchnorm", 8, OptimizerKind.SGD, true, 7).records();
        for (ProbeRecord r : records) {
            assertEquals(r.interferenceKernel(), r.interferenceActual(), 1e-3 * r.interferenceKernel(), r.toString());
        }
    }

    @Test
    void probingNeverChangesTraining() {
        adiv.OneThread.run(() -> {
            for (OptimizerKind opt : OptimizerKind.values()) {
                Run with = train("affine-like", "batchnorm", 8, opt, true, 12);
                Run without = train("affine-like", "batchnorm", 8, opt, false, 12);
                assertFalse(with.records().isEmpty());
                assertEquals(without.weights().size(), with.weights().size());
                for (int i = 0; i < with.weights().size(); i++) {
                    assertArrayEquals(without.weights().get(i), with.weights().get(i), 0, opt + " parameter " + i);
                }
            }
        });
    }

    @Test
    void withAdamTheActualUpdateLeavesTheKernel() {
        List<ProbeRecord> records = train("affine", "none", 16, OptimizerKind.ADAM, true, 10).records();
        boolean differs = false;
        for (ProbeRecord r : records) {
            differs |= Math.abs(r.interferenceActual() - r.interferenceKernel()) > 0.05 * r.interferenceKernel();
        }
        assertTrue(differs, "Adam's per-parameter scaling is not the SGD kernel");
    }
}
