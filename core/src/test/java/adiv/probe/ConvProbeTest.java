package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.Init;
import adiv.train.CnnBuilder;
import adiv.train.CnnSpec;
import adiv.train.OptimizerKind;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe inside a real CNN (MATH.md §5): per-patch kernels, cross-patch vs cross-sample. */
class ConvProbeTest {

    private record Run(List<ProbeRecord> records, List<double[]> weights) {}

    private static Run train(String conv, int batch, OptimizerKind opt, boolean probed) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(ProbeTest.problem(), Preprocessing.STANDARDISE, manager)) {
            int[] image = data.imageShape();
            CnnSpec spec = new CnnSpec(image[0], image[1], image[2], data.classes(), 4, 1, conv, "none", "tanh", Init.PYTORCH);
            TrainConfig config = new TrainConfig(1, batch, 1e-2f, opt, 3, 7);
            Probe probe = new Probe(3, config.learningRate(), conv, r -> {});
            Block net = probed ? CnnBuilder.build(spec, probe, probe) : CnnBuilder.build(spec);
            TrainingLoop loop = new TrainingLoop(net, config);
            if (probed) {
                loop.observe(probe);
            }
            loop.run(data, TrainingListener.NONE);
            List<double[]> weights = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                weights.add(p.getValue().getArray().toType(DataType.FLOAT64, false).toDoubleArray());
            }
            return new Run(new ArrayList<>(probe.records()), weights);
        }
    }

    @ParameterizedTest(name = "{0}: own term {1}")
    @CsvSource({"affine, 0", "patchnorm-affine-like, 1", "patchnorm-norm-like, 2"})
    void atBatchOneThereIsNoCrossSampleTermAndTheUpdateIsTheKernels(String conv, double stated) {
        List<ProbeRecord> records = train(conv, 1, OptimizerKind.SGD, true).records();
        assertEquals(3 * 2, records.size(), "steps 1, 4, 7 on the conv and the head");
        for (ProbeRecord r : records) {
            assertEquals(r.interferenceKernel(), r.interferenceActual(), 1e-4 * r.interferenceKernel() + 1e-6, r.toString()); // float32 training
            assertEquals(0, r.interferenceSample(), 1e-9, "one sample: " + r);
            if (r.layer() == 1) {
                assertTrue(r.interferencePatch() > 0.01, "positions of one image interfere: " + r);
                assertEquals(r.interferencePatch(), r.interferenceKernel(), 1e-9 * r.interferenceKernel());
                if (stated > 0) {
                    assertEquals(stated, r.predictedRatioMean(), 1e-6, r.toString());
                } else {
                    assertTrue(r.predictedRatioMean() > 1.01, "plain conv: g-weighted ‖P‖²+1: " + r);
                }
            } else {
                assertNull(r.interferencePatch(), "the head is an affine layer: " + r);
                assertEquals(r.predictedRatioMean(), r.ratioMean(), 1e-4 * r.predictedRatioMean(), r.toString());
            }
        }
    }

    @Test
    void atBatchEightBothKindsAppearAndTheActualUpdateIsTheKernels() {
        for (String conv : new String[] {"affine", "patchnorm-affine-like"}) {
            for (ProbeRecord r : train(conv, 8, OptimizerKind.SGD, true).records()) {
                assertEquals(r.interferenceKernel(), r.interferenceActual(), 1e-4 * r.interferenceKernel(), r.toString());
                assertTrue(r.interferenceSample() > 0.01, r.toString());
                if (r.layer() == 1) {
                    assertTrue(r.interferencePatch() > 0.01, r.toString());
                }
            }
        }
    }

    @Test
    void probingNeverChangesTraining() {
        adiv.OneThread.run(() -> {
            for (OptimizerKind opt : OptimizerKind.values()) {
                Run with = train("patchnorm-norm-like", 8, opt, true);
                Run without = train("patchnorm-norm-like", 8, opt, false);
                assertEquals(without.weights().size(), with.weights().size());
                for (int i = 0; i < with.weights().size(); i++) {
                    assertArrayEquals(without.weights().get(i), with.weights().get(i), 0, opt + " parameter " + i);
                }
            }
        });
    }
}
