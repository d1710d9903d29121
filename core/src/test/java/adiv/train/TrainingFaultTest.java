package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.Affine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * A network that throws in the middle of a run: the loop ends with a {@link TrainingFault} that
 * says the epoch, the step or the evaluation, and carries the epochs finished before it.
 */
class TrainingFaultTest {

    /**
     * Passes its input through, and throws the given exception on the first call for which {@code
     * when(training passes so far, training)} holds (a training pass counted before it is asked).
     */
    static final class Thrower extends AbstractBlock {
        private final BiPredicate<Integer, Boolean> when;
        private final RuntimeException thrown;
        private int trainingPasses;

        Thrower(BiPredicate<Integer, Boolean> when, RuntimeException thrown) {
            this.when = when;
            this.thrown = thrown;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            if (training) {
                trainingPasses++;
            }
            if (when.test(trainingPasses, training)) {
                throw thrown;
            }
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    /** 600 training examples in batches of 100 (6 steps an epoch), a validation split of 0.5 in the second case. */
    private static TrainingFault fault(Thrower thrower, double validation, List<EpochResult> heard) {
        SequentialBlock net = new SequentialBlock().add(Affine.builder().setUnits(8).build()).add(thrower)
                .add(Affine.builder().setUnits(4).build());
        TrainingLoop loop = new TrainingLoop(net, new TrainConfig(3, 100, 1e-2f, OptimizerKind.ADAM, 1, 0, validation, 0));
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            return assertThrows(TrainingFault.class, () -> loop.run(data, new TrainingListener() {
                @Override
                public void epochEnded(EpochResult result) {
                    heard.add(result);
                }
            }));
        }
    }

    @Test
    void aThrowInATrainingStepSaysItsEpochAndStepAndKeepsTheEpochsBefore() {
        IllegalStateException boom = new IllegalStateException("boom\n  native frames that are not the message's first line");
        List<EpochResult> heard = new ArrayList<>();
        TrainingFault f = fault(new Thrower((passes, training) -> training && passes == 9, boom), 0, heard);
        assertSame(boom, f.getCause());
        assertEquals(2, f.epoch());
        assertEquals(9, f.step());
        assertEquals(3, f.stepInEpoch());
        assertEquals(6, f.stepsInEpoch());
        assertEquals(TrainingFault.Phase.TRAINING, f.phase());
        assertEquals(heard, f.epochs(), "the epochs finished before it, as the listener heard them");
        assertEquals(1, f.epochs().size());
        assertEquals("in epoch 2 at step 9 (step 3 of the epoch's 6): boom", f.getMessage());
    }

    @Test
    void aThrowWhileEvaluatingSaysSoAndWhichSplit() {
        List<EpochResult> heard = new ArrayList<>();
        // Evaluation passes of epoch 2: after its 6 steps, 12 training passes in all.
        TrainingFault test = fault(new Thrower((passes, training) -> !training && passes == 12, new NullPointerException()), 0,
                heard);
        assertEquals(2, test.epoch());
        assertEquals(12, test.step());
        assertEquals(TrainingFault.Phase.TEST, test.phase());
        assertEquals("evaluation", test.phase().label());
        assertEquals(1, test.epochs().size());
        assertEquals("in epoch 2 while evaluating on the test set (after step 12): NullPointerException", test.getMessage(),
                "an exception without a message is named by its class");

        // With a validation split of half the 600 examples, 3 steps an epoch: epoch 1's validation pass.
        TrainingFault validation = fault(new Thrower((passes, training) -> !training && passes == 3,
                new IllegalArgumentException("no")), 0.5, new ArrayList<>());
        assertEquals(TrainingFault.Phase.VALIDATION, validation.phase());
        assertEquals(List.of(), validation.epochs());
        assertEquals("in epoch 1 while evaluating on the validation split (after step 3): no", validation.getMessage());
    }
}
