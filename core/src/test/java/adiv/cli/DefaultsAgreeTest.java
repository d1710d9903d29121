package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.OneThread;
import adiv.data.RawDataset;
import adiv.data.Split;
import adiv.data.TensorDataset;
import adiv.sweep.RunSettings;
import adiv.sweep.SweepSpec;
import adiv.train.Networks;
import adiv.train.RunDefaults;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * One table of defaults ({@link RunDefaults}): {@code adiv train} with a setting left out and a sweep
 * spec with it left out mean the same run — the same network specification, the same parameter
 * shapes, the same training settings and the same loss after one step from one seed.
 */
class DefaultsAgreeTest {

    /** A small labelled data set of random bytes in the given image shape. */
    private static RawDataset raw(int channels, int side, int trainSize) {
        Random random = new Random(7);
        int features = channels * side * side;
        byte[] train = new byte[trainSize * features];
        byte[] test = new byte[64 * features];
        random.nextBytes(train);
        random.nextBytes(test);
        byte[] trainLabels = new byte[trainSize];
        byte[] testLabels = new byte[64];
        for (int i = 0; i < trainSize; i++) {
            trainLabels[i] = (byte) random.nextInt(10);
        }
        for (int i = 0; i < 64; i++) {
            testLabels[i] = (byte) random.nextInt(10);
        }
        return new RawDataset("synthetic", "test", channels, side, side, 10, new Split(train, trainLabels),
                new Split(test, testLabels));
    }

    @ParameterizedTest(name = "model {0}")
    @CsvSource({"mlp, 1, 28", "cnn, 3, 32"})
    void trainAndASpecWithTheSameSettingsBuildTheSameRun(String model, int channels, int side) {
        RawDataset raw = raw(channels, side, 256);
        TrainOptions flags = new TrainOptions();
        new CommandLine(flags).parseArgs("--model", model);
        RunSettings spec = SweepSpec.parse("model: " + model + "\n", "test").runs().get(0);

        assertEquals(RunDefaults.width(model), flags.width(), "adiv train's width is the table's");
        TrainConfig fromFlags = flags.config(0);
        assertEquals(fromFlags, spec.trainConfig(), "training settings");
        // One configuration type: the flags and the spec fill the same one, and one builder builds it.
        assertEquals(flags.runConfig(0), spec.runConfig(), "the run");
        assertEquals(flags.preprocessingKind(), spec.preprocessing());
        assertEquals(flags.datasetName(), spec.dataset());

        // One step from the same seed: the same parameter shapes, the same loss to the last bit.
        TrainConfig oneStep = new TrainConfig(1, fromFlags.batch(), fromFlags.learningRate(), fromFlags.optimizer(),
                fromFlags.seed(), 1, fromFlags.validation(), fromFlags.patience(), fromFlags.precision());
        try (NDManager manager = NDManager.newBaseManager()) {
            TensorDataset data = TensorDataset.of(raw, spec.preprocessing(), manager);
            Block a = flags.network(data);
            Block b = Networks.build(spec.runConfig(), raw.features(), new int[] {channels, side, side}, raw.classes());
            double lossA = OneThread.call(() -> new TrainingLoop(a, oneStep).run(data, TrainingListener.NONE).epochs().get(0).trainLoss());
            double lossB = OneThread.call(() -> new TrainingLoop(b, oneStep).run(data, TrainingListener.NONE).epochs().get(0).trainLoss());
            assertEquals(shapes(a), shapes(b), "parameter shapes");
            assertTrue(Double.isFinite(lossA) && lossA > 0, "a real loss: " + lossA);
            assertEquals(lossA, lossB, 0.0, "first step's loss");
        }
    }

    private static List<String> shapes(Block network) {
        List<String> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            Shape s = p.getValue().getArray().getShape();
            shapes.add(p.getKey() + " " + s);
        }
        return shapes;
    }

    @Test
    void aCnnSpecWithoutAWidthTakesTheCnnDefault() {
        RunSettings cnn = SweepSpec.parse("model: cnn\n", "test").runs().get(0);
        RunSettings grid = SweepSpec.parse("grid:\n  model: [mlp, cnn]\n", "test").runs().get(1);
        assertEquals(RunDefaults.CNN_WIDTH, ((Number) cnn.config().get("width")).intValue());
        assertEquals(RunDefaults.CNN_WIDTH, ((Number) grid.config().get("width")).intValue());
        RunSettings mlp = SweepSpec.parse("name: x\n", "test").runs().get(0);
        assertEquals(RunDefaults.MLP_WIDTH, ((Number) mlp.config().get("width")).intValue());
        assertEquals(128, ((Number) SweepSpec.parse("model: cnn\nwidth: 128\n", "test").runs().get(0).config().get("width")).intValue(),
                "a width given is kept");
    }

    @Test
    void readmeShowsTheTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String begin = "<!-- defaults: begin (RunDefaults.markdown(); a test checks it) -->\n";
        String end = "<!-- defaults: end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "README.md has the defaults block between its markers");
        assertEquals(RunDefaults.markdown(), text.substring(from + begin.length(), to),
                "README.md's table of defaults: replace the lines between the markers with RunDefaults.markdown()");
    }
}
