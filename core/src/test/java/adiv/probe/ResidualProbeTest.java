package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.AffineMaps;
import adiv.train.MlpSpec;
import adiv.train.ResMlpBuilder;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe in the residual MLP of MATH.md §7: each block's output step recorded beside its map's,
 * against a direct computation; and {@code adiv theory}'s residual rows.
 */
class ResidualProbeTest {

    private static final float ETA = 0.05f;

    /**
     * One plain SGD step of a one-block residual MLP (float64) with the probe on; the block's record
     * against Δz_out and g = ∂L/∂z_out computed directly from the network's own blocks: the block's
     * output on the same input before and after the step, and the loss's gradient at it.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"affine-like, none", "affine, batchnorm", "norm-like, rmsnorm"})
    void aBlocksRecordIsItsOutputsStepAgainstItsGradient(String map, String norm) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            int batch = 6;
            MlpSpec spec = MlpSpec.of(5, 3, 4, 1, map, norm, "tanh");
            Probe probe = new Probe(1, ETA, map, r -> {});
            SequentialBlock net = ResMlpBuilder.build(spec, probe, probe);
            net.initialize(m, DataType.FLOAT64, new Shape(batch, 5));
            NDArray x = m.randomNormal(new Shape(batch, 5), DataType.FLOAT64);
            NDArray y = m.create(new long[] {0, 1, 2, 0, 1, 2});
            ParameterStore store = new ParameterStore(m, false);
            List<Block> children = net.getChildren().values();
            Block block = children.get(2);
            Block head = children.get(3);

            // Directly, before the step: the block's input z, its output, and ∂L/∂z_out through the head.
            NDArray z = children.get(1).forward(store, children.get(0).forward(store, new NDList(x), true), true)
                    .singletonOrThrow();
            NDArray before = block.forward(store, new NDList(z), true).singletonOrThrow();
            NDArray leaf = before.duplicate();
            leaf.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray logits = head.forward(store, new NDList(leaf), true).singletonOrThrow();
                c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            double[] g = leaf.getGradient().toDoubleArray();

            // The step, probed as training probes it.
            probe.beforeStep(1);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
                c.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(ETA)).build();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    sgd.update(p.getValue().getId(), p.getValue().getArray(), p.getValue().getArray().getGradient());
                }
            }
            probe.afterUpdate(1);
            double[] dz = block.forward(store, new NDList(z), true).singletonOrThrow().sub(before).toDoubleArray();

            double expected = 0;
            int width = 4;
            for (int s = 0; s < batch; s++) {
                double dot = 0;
                double gg = 0;
                for (int j = 0; j < width; j++) {
                    dot -= dz[s * width + j] * g[s * width + j];
                    gg += g[s * width + j] * g[s * width + j];
                }
                expected += dot / (ETA * gg) / batch;
            }
            List<ProbeRecord> blocks = probe.records().stream().filter(r -> r.map().equals(ProbedBlock.MAP)).toList();
            assertEquals(1, blocks.size(), probe.records().toString());
            ProbeRecord r = blocks.get(0);
            assertEquals(2, r.layer(), "a block's record carries its map's layer index");
            assertNull(r.predictedRatioMean(), "a block output's step is measured, not predicted");
            assertEquals(expected, r.ratioMean(), 1e-9 * Math.max(1, Math.abs(expected)), map + " + " + norm);
            // beside it, every map's own record: the input layer, the block's map, the head
            assertEquals(List.of(1, 2, 2, 3), probe.records().stream().map(ProbeRecord::layer).toList());
        }
    }

    /** theory's residual rows: each map's step inside a block is §4's; the block output's is only measured. */
    @Test
    void theMapInsideABlockStepsAsItsKernelSays() {
        OneStepIdentities.Settings s = OneStepIdentities.Settings.defaults();
        List<IdentityRow> rows = ResidualIdentities.checkAll(s);
        assertEquals(2 * AffineMaps.all().size(), rows.size());
        for (IdentityRow r : rows) {
            if (r.testCase().equals(ResidualIdentities.MAP_CASE)) {
                assertTrue(r.predicts() && r.relError() < 1e-9, r.toString());
                assertEquals(r.predicted(), r.measured(), 1e-9 * Math.abs(r.predicted()), r.toString());
            } else {
                assertEquals(ResidualIdentities.OUTPUT_CASE, r.testCase());
                assertTrue(!r.predicts() && r.passed() && Double.isFinite(r.measured()), r.toString());
            }
        }
    }
}
