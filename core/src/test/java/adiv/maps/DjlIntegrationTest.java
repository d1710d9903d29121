package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocks as a DJL user meets them: inside a SequentialBlock, trained by DJL's own Trainer, saved
 * and loaded with Model.save / Model.load.
 */
class DjlIntegrationTest {

    private static SequentialBlock network() {
        return new SequentialBlock()
                .add(AffineLike.builder().setUnits(16).build())
                .add(Activations.tanh())
                .add(NormLike.builder().setUnits(16).build())
                .add(Activations.isotropicTanh())
                .add(Structural.builder().setUnits(16).optRho(0.7f).build())
                .add(DyIsru.builder().optScale(true).optCenter(true).build())
                .add(GradientOnlyAffine.builder().setUnits(16).build())
                .add(Activations.leakyRelu())
                .add(NormalisedAffine.builder().setUnits(3).setNormaliser(BatchNorm.builder().build()).build());
    }

    @Test
    void trainsWithDjlsTrainerAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        Engine.getInstance().setRandomSeed(8);
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("adiv-maps")) {
            model.setBlock(network());
            // Three linearly separable classes in 8 dimensions.
            NDArray x = manager.randomNormal(new Shape(96, 8));
            NDArray labels = x.get(":, 0").gt(0.5).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .add(x.get(":, 1").gt(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            double first;
            double last = Double.NaN;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(x.getShape());
                first = step(trainer, x, labels);
                for (int i = 0; i < 150; i++) {
                    last = step(trainer, x, labels);
                }
            }
            assertTrue(last < 0.5 * first, "training must reduce the loss: " + first + " -> " + last);

            NDArray probe = manager.randomNormal(new Shape(5, 8));
            float[] before = predict(model, probe);
            model.save(dir, "adiv-maps");
            assertTrue(Files.list(dir).findAny().isPresent());
            try (Model loaded = Model.newInstance("adiv-maps")) {
                loaded.setBlock(network());
                loaded.load(dir, "adiv-maps");
                assertArrayEquals(before, predict(loaded, probe), 1e-6f);
            }
        }
    }

    private static double step(Trainer trainer, NDArray x, NDArray labels) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(out));
            collector.backward(loss);
            trainer.step();
            return loss.getFloat();
        }
    }

    private static float[] predict(Model model, NDArray x) {
        return model.getBlock()
                .forward(new ai.djl.training.ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }
}
