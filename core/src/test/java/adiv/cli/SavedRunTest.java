package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.DatasetName;
import adiv.data.RawDataset;
import adiv.data.TensorDataset;
import adiv.data.TestFiles;
import adiv.sweep.SweepSpec;
import adiv.train.Networks;
import adiv.train.RunConfig;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code adiv train --out DIR}: the run, its epochs and its parameters, which a plain DJL program loads. */
class SavedRunTest {

    @TempDir Path dir;

    @Test
    void aSavedRunReloadsInDjlAndReproducesItsTestAccuracy() throws Exception {
        TestFiles.idxDataset(dir.resolve("data"), 96, 40, 4, 4, true);
        Path out = dir.resolve("saved");
        String[] args = {"--dataset", "mnist", "--data-dir", dir.resolve("data").toString(), "--epochs", "2", "--width", "8",
            "--depth", "1", "--batch", "16", "--method", "l2-half", "--patience", "none"};
        List<String> all = new java.util.ArrayList<>(List.of("train", "--out", out.toString()));
        all.addAll(List.of(args));
        CliTest.Run r = CliTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        for (String f : List.of("run.yaml", "epochs.csv", "result.json", "adiv-0000.params")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(3, Files.readAllLines(out.resolve("epochs.csv")).size(), "a header and one row per epoch");

        // run.yaml is the same run: the configuration the flags gave, rebuilt from the spec.
        TrainOptions flags = new TrainOptions();
        new CommandLine(flags).parseArgs(args);
        RunConfig run = SweepSpec.parse(Files.readString(out.resolve("run.yaml")), "run.yaml").runs().get(0).runConfig();
        assertEquals(flags.runConfig(0), run);

        // A plain DJL program: the network the spec builds, the parameters DJL saved, the test set.
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        RawDataset raw = DatasetName.MNIST.load(dir.resolve("data"));
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(raw, run.preprocessing(), manager);
                Model model = Model.newInstance("adiv")) {
            model.setBlock(Networks.build(run, raw.features(), new int[] {raw.channels(), raw.height(), raw.width()},
                    raw.classes()));
            model.load(out, "adiv");
            NDArray logits = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(data.testInputs(0, data.testSize(), manager)), false).singletonOrThrow();
            NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
            NDArray labels = data.testLabels(0, data.testSize(), manager);
            double accuracy = predicted.eq(labels.toType(DataType.INT64, false)).sum().getLong() / (double) data.testSize();
            assertEquals(result.get("final_test_acc").asDouble(), accuracy, 1e-12, "the saved parameters are the last epoch's");
        }
    }

    @Test
    void anOutThatCannotBeMadeIsRefusedBeforeTraining() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        CliTest.Run r = CliTest.run("train", "--out", dir.resolve("file").resolve("sub").toString(), "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out " + dir.resolve("file").resolve("sub") + ": the directory cannot be created"), r.err());
        assertFalse(r.err().contains("epoch 1/1"), "refused before training: " + r.err());
    }
}
