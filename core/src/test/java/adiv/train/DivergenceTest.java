package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.Activations;
import adiv.maps.Affine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A diverged run names the step and the layer of its first non-finite value: networks that go
 * non-finite at a known layer and step, in the forward pass, in back-propagation, or in the loss.
 */
class DivergenceTest {

    /** 600 training examples in batches of 100: 6 steps an epoch. */
    private static final int BATCH = 100;

    private static TrainingLoop loop(Block network, float lr, OptimizerKind opt, int epochs) {
        return new TrainingLoop(network, new TrainConfig(epochs, BATCH, lr, opt, 1));
    }

    private static RunResult run(TrainingLoop loop) {
        return run(loop, (network, result) -> {});
    }

    /** Runs the loop, then has {@code inspect} look at the network while its parameters still exist. */
    private static RunResult run(TrainingLoop loop, BiConsumer<Block, RunResult> inspect) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            RunResult result = loop.run(data, TrainingListener.NONE);
            inspect.accept(loop.network(), result);
            return result;
        }
    }

    /**
     * From its {@code from}-th training forward pass on (the step of that number, counting from the
     * run's start), the output {@code poison(x)}; until then x. Evaluation passes are not counted.
     */
    static final class Poison extends AbstractBlock {
        private final int from;
        private final String what;
        private final UnaryOperator<NDArray> poison;
        private int calls;

        Poison(int from, String what, UnaryOperator<NDArray> poison) {
            this.from = from;
            this.what = what;
            this.poison = poison;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return new NDList(training && ++calls >= from ? poison.apply(x) : x);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        public String toString() {
            return "Poison(" + what + " from step " + from + ")";
        }
    }

    @Test
    void aForwardPassThatTurnsFiniteInputsIntoNanNamesTheLayerAndTheStep() {
        // tanh's output lies in (-1, 1), so log(x - 2) is NaN: from step 9, the third of epoch 2.
        SequentialBlock net = new SequentialBlock()
                .add(Affine.builder().setUnits(16).build())
                .add(new SequentialBlock()
                        .add(Activations.tanh())
                        .add(new Poison(9, "log(x - 2)", x -> x.sub(2).log())))
                .add(Affine.builder().setUnits(4).build());
        RunResult r = run(loop(net, 1e-2f, OptimizerKind.ADAM, 3));
        assertEquals(RunResult.DIVERGED, r.status());
        assertEquals(2, r.epochs().size());
        Divergence d = r.divergence();
        assertNotNull(d);
        assertEquals(Divergence.FORWARD, d.kind());
        assertEquals(9, d.step());
        assertEquals(2, d.epoch());
        assertEquals("02SequentialBlock/02Poison", d.layer());
        assertEquals("Poison(log(x - 2) from step 9)", d.description());
        assertTrue(d.inputFinite());
        assertNull(d.parameter());
        assertEquals("Diverged in epoch 2 at step 9: the forward pass of layer 02SequentialBlock/02Poison"
                + " (Poison(log(x - 2) from step 9)) gave the first non-finite value (its input was finite).",
                d.message());
    }

    @Test
    void aNanGradientWithAFiniteForwardPassNamesTheLastLayerWithANonFiniteParameterAndTheStepBefore() {
        // x + sqrt(x - x) is x, but its derivative is inf - inf = NaN: from step 4 the input
        // gradient of this block is NaN, so step 4's update makes the first affine layer's
        // parameters NaN (the layers after the block keep finite gradients), and step 5's loss is NaN.
        SequentialBlock net = new SequentialBlock()
                .add(Affine.builder().setUnits(16).build())
                .add(new SequentialBlock()
                        .add(Activations.tanh())
                        .add(new Poison(4, "x + sqrt(x - x)", x -> x.add(x.sub(x).sqrt()))))
                .add(Affine.builder().setUnits(16).build())
                .add(Activations.tanh())
                .add(Affine.builder().setUnits(4).build());
        List<String> nonFinite = new java.util.ArrayList<>();
        RunResult r = run(loop(net, 0.1f, OptimizerKind.SGD, 3), (network, result) -> network.getParameters()
                .forEach(p -> {
                    if (!finite(p.getValue().getArray())) {
                        nonFinite.add(p.getKey());
                    }
                }));
        assertEquals(RunResult.DIVERGED, r.status());
        assertEquals(1, r.epochs().size());
        Divergence d = r.divergence();
        assertNotNull(d);
        assertEquals(Divergence.GRADIENT, d.kind());
        assertEquals(4, d.step());
        assertEquals(1, d.epoch());
        assertEquals("01Affine", d.layer());
        assertEquals("Affine(in=36, out=16)", d.description());
        assertEquals("01Affine_weight", d.parameter());
        assertEquals("Diverged in epoch 1 at step 4: the gradient (or the update made from it) became non-finite"
                + " in back-propagation at layer 01Affine (Affine(in=36, out=16)) or the block just after it:"
                + " step 4's update left its parameter 01Affine_weight not finite, and no parameter of a later"
                + " layer (the loss of step 5 was the first not finite).", d.message());
        assertEquals(List.of("01Affine_weight", "01Affine_bias"), nonFinite, "the parameters the diverged step found");
    }

    @Test
    void finiteLogitsTooFarApartForTheLossAreTheLossItself() {
        // Logits +M and -M (M near float32's largest): every layer's output is finite, but
        // log-softmax's x - max(x) = -2M overflows, so the loss of every example not of class 0 is inf.
        float m = 3e38f;
        SequentialBlock net = new SequentialBlock()
                .add(Affine.builder().setUnits(4).build())
                .add(LambdaBlock.singleton(x -> x.mul(0).add(x.getManager().create(new float[] {m, -m, -m, -m})), "extremes"));
        RunResult r = run(loop(net, 1e-2f, OptimizerKind.ADAM, 1));
        assertEquals(RunResult.DIVERGED, r.status());
        Divergence d = r.divergence();
        assertEquals(Divergence.LOSS, d.kind());
        assertEquals(1, d.step());
        assertNull(d.layer());
        assertEquals("Diverged in epoch 1 at step 1: every layer's output was finite in a replay of the forward"
                + " pass; the training loss itself was the first non-finite value.", d.message());
    }

    @Test
    void anEnormousSgdStepOnAnMlpIsLocatedAsTheRuleSays() {
        // SGD at lr 1e10 without an activation: the weights explode. Whichever kind it is, what the
        // divergence says is checked against the parameters the diverged step found.
        MlpSpec spec = MlpSpec.of(36, 4, 16, 2, "affine", "none", "none");
        List<String> nonFinite = new java.util.ArrayList<>(); // in forward order
        RunResult r = run(loop(MlpBuilder.build(spec), 1e10f, OptimizerKind.SGD, 5), (network, result) -> network
                .getParameters().forEach(p -> {
                    if (p.getValue().requiresGradient() && !finite(p.getValue().getArray())) {
                        nonFinite.add(p.getKey());
                    }
                }));
        assertEquals(RunResult.DIVERGED, r.status());
        Divergence d = r.divergence();
        assertNotNull(d);
        assertTrue(d.step() >= 1 && d.layer() != null, d.message());
        if (nonFinite.isEmpty()) {
            assertEquals(Divergence.FORWARD, d.kind(), d.message());
            assertTrue(d.inputFinite(), d.message());
        } else {
            assertEquals(Divergence.GRADIENT, d.kind(), d.message());
            String layer = d.layer().replace('/', '_') + "_";
            assertTrue(nonFinite.get(nonFinite.size() - 1).startsWith(layer), nonFinite + " against " + d.message());
            assertTrue(d.parameter().startsWith(layer) && nonFinite.contains(d.parameter()), d.message());
        }
    }

    @Test
    void aHealthyRunHasNoDivergence() {
        MlpSpec spec = MlpSpec.of(36, 4, 8, 1, "affine-like", "none", "tanh");
        RunResult r = run(loop(MlpBuilder.build(spec), 1e-2f, OptimizerKind.ADAM, 1));
        assertEquals(RunResult.DONE, r.status());
        assertNull(r.divergence());
    }

    @Test
    void theProbesTappedLayerIsDescribedOnOneLineByTheMapItTaps() {
        Block tapped = new adiv.probe.ProbedLayer(1, "affine", Affine.builder().setUnits(3).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            tapped.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
            assertEquals("ProbedLayer(Affine(in=5, out=3))", Divergence.describe(tapped));
        }
    }

    private static boolean finite(NDArray a) {
        return !a.isNaN().logicalOr(a.isInfinite()).any().getBoolean();
    }
}
