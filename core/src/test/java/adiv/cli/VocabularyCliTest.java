package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One vocabulary: a method by its name everywhere, --data-dir in both forms on every command, the user's own words back. */
class VocabularyCliTest {

    @TempDir Path dir;

    private static void badInput(String expected, String... args) {
        CliTest.Run r = CliTest.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(expected), String.join(" ", args) + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("PT0S") || r.err().contains("{"), r.err());
    }

    @Test
    void errorsSayTheFlagAsTheUserTypedIt() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 64, 32, 3, 3, true);
        badInput("--epochs must be positive, got 0", "train", "--epochs", "0");
        badInput("--max-epochs must be positive, got 0", "train", "--max-epochs", "0");
        badInput("--batch must be positive, got 0", "probe", "--batch", "0");
        badInput("--patience needs a validation split: give --validation above 0, or --patience none", "train",
                "--validation", "0", "--patience", "3");
        badInput("--run-timeout must be positive, got 0 s", "sweep", "x.yaml", "--out", dir.resolve("o").toString(),
                "--run-timeout", "0s");
        badInput("--out /proc/adiv-cannot-be-here/x: the directory cannot be created (/proc does not take new directories)", "replicate", "--preset", "fig5", "--dataset", "mnist",
                "--data-dir", dir.resolve("data").toString(), "--out", "/proc/adiv-cannot-be-here/x");
    }

    @Test
    void aMethodIsNamedTheSameOnTheCommandLineAsInASpec() {
        TrainOptions byMethod = new TrainOptions();
        new CommandLine(byMethod).parseArgs("--method", "l2-half");
        TrainOptions byParts = new TrainOptions();
        new CommandLine(byParts).parseArgs("--map", "affine", "--norm", "l2", "--lr", "0.0005");
        var spec = adiv.sweep.SweepSpec.parse("method: l2-half\n", "t").runs().get(0).runConfig();
        assertEquals(spec, byMethod.runConfig(0), "--method l2-half is the spec's method: l2-half, its lr halved");
        assertEquals(spec.training(), byParts.runConfig(0).training());
        assertEquals(spec.map() + spec.norm(), byParts.runConfig(0).map() + byParts.runConfig(0).norm());
        badInput("give --method or --map and --norm, not both", "train", "--method", "batchnorm", "--norm", "layernorm");
        badInput("--method: unknown method 'batchnorms'", "train", "--method", "batchnorms");
    }

    @Test
    void dataDirTakesDirOrNameEqualsDirOnEveryCommand() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 1\nwidth: 4\ndepth: 1\nbatch: 16\ngrid:\n  method: [affine]\n");
        for (String form : new String[] {dir.resolve("data").toString(), "mnist=" + dir.resolve("data")}) {
            Path out = dir.resolve("s" + form.length());
            CliTest.Run sweep = CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", form);
            assertEquals(0, sweep.code(), form + ": " + sweep.err());
            assertTrue(sweep.out().contains("results.sqlite: 1 done"), "counts in words: " + sweep.out());
            CliTest.Run train = CliTest.run("train", "--dataset", "mnist", "--data-dir", form, "--epochs", "1", "--width", "4",
                    "--depth", "1", "--batch", "16");
            assertEquals(0, train.code(), form + ": " + train.err());
            CliTest.Run status = CliTest.run("status", out.toString());
            assertTrue(status.out().contains("results.sqlite: 1 done"), status.out());
        }
        badInput("--data-dir imagenet=...: unknown dataset 'imagenet'", "train", "--data-dir", "cifar10=" + dir, "--data-dir", "imagenet=" + dir);
    }
}
