package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import adiv.data.DatasetName;
import adiv.data.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code adiv train} and {@code adiv data} as a user runs them. */
class TrainAndDataCliTest {

    @TempDir Path dir;

    @Test
    void trainJsonHasConfigStatusAndEveryEpoch() throws IOException {
        TestFiles.idxDataset(dir, 200, 50, 6, 6, true);
        CliTest.Run r =
                CliTest.run("train", "--dataset", "mnist", "--data-dir", dir.toString(), "--epochs", "2",
                        "--width", "8", "--depth", "1", "--batch", "32", "--map", "affine-like",
                        "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("done", run.get("status").asText());
        assertTrue(run.has("divergence") && run.get("divergence").isNull(), "no divergence: " + run.get("divergence"));
        assertEquals("affine-like", run.get("config").get("map").asText());
        assertEquals(32, run.get("config").get("batch").asInt());
        assertEquals(1, run.get("config").get("threads").asInt());
        assertEquals(2, run.get("epochs").size());
        assertTrue(run.get("kernels").asText().startsWith("ok: "), run.get("kernels").asText());
        for (String field : new String[] {"epoch", "train_loss", "test_loss", "test_acc", "seconds"}) {
            assertTrue(run.get("epochs").get(1).has(field), field);
        }
        assertTrue(r.err().contains("epoch 2/2"), "progress on stderr: " + r.err());
    }

    @Test
    void aDivergedRunNamesTheStepAndTheLayerOfItsFirstNonFiniteValue() throws IOException {
        TestFiles.idxDataset(dir, 200, 50, 6, 6, true);
        String[] args = {"train", "--dataset", "mnist", "--data-dir", dir.toString(), "--epochs", "1",
            "--width", "8", "--depth", "1", "--batch", "32", "--act", "none", "--opt", "sgd", "--lr", "1e38",
            "--threads", "1"};
        CliTest.Run text = CliTest.run(args);
        assertEquals(1, text.code(), "a diverged run fails the command: " + text.err());
        assertTrue(java.util.regex.Pattern.compile("Diverged in epoch 1 at step \\d+: .* layer \\d\\d\\w+")
                .matcher(text.out()).find(), text.out());

        String[] json = java.util.Arrays.copyOf(args, args.length + 1);
        json[args.length] = "--json";
        CliTest.Run r = CliTest.run(json);
        assertEquals(1, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("diverged", run.get("status").asText());
        JsonNode d = run.get("divergence");
        assertTrue(d.get("step").asLong() >= 1, d.toString());
        assertEquals(1, d.get("epoch").asInt());
        assertTrue(d.get("kind").asText().matches("forward|gradient"), d.toString());
        assertTrue(d.get("layer").asText().matches("\\d\\d\\w+(/\\d\\d\\w+)*"), d.toString());
        assertTrue(text.out().contains(d.get("message").asText()), d + " against " + text.out());
    }

    @Test
    void aCorruptCifarDirectoryIsExitTwoWithTheFileNamed() throws IOException {
        Path cifar = dir.resolve("cifar");
        Files.createDirectories(cifar);
        for (String f : adiv.data.Cifar10.TRAIN_FILES) {
            Files.write(cifar.resolve(f), new byte[100]);
        }
        Files.write(cifar.resolve(adiv.data.Cifar10.TEST_FILE), new byte[100]);
        for (String[] args :
                new String[][] {
                    {"train", "--dataset", "cifar10", "--data-dir", cifar.toString()},
                    {"data", "check", cifar.toString()}
                }) {
            CliTest.Run r = CliTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("data_batch_1.bin: expected 30,730,000 bytes"), r.err());
            assertTrue(r.err().contains("found 100"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void dataCheckCountsAValidDirectory() throws IOException {
        TestFiles.idxDataset(dir, 40, 20, 3, 3, false);
        CliTest.Run r = CliTest.run("data", "check", dir.toString(), "--dataset", "fashion-mnist", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode d = new ObjectMapper().readTree(r.out());
        assertEquals(40, d.get("train").asInt());
        assertEquals(20, d.get("test").asInt());
        assertEquals(4, d.get("train_per_class").get(0).asInt());
    }

    @Test
    void aMissingDirectoryOrBadFlagIsExitTwo() {
        assertEquals(2, CliTest.run("data", "check", dir.resolve("nope").toString()).code());
        assertEquals(2, CliTest.run("train", "--dataset", "imagenet").code());
        assertEquals(2, CliTest.run("train", "--map", "affinity").code());
        assertEquals(2, CliTest.run("train", "--batch", "0").code());
    }

    /** The foundation of the training issue's acceptance: one epoch on the real Fashion-MNIST. */
    @Test
    void oneEpochOfAffineLikeOnFashionMnistReachesSeventyEightPercent() throws IOException {
        assumeTrue(DatasetName.FASHION_MNIST.present(null), DatasetName.FASHION_MNIST.missingMessage());
        CliTest.Run r =
                CliTest.run("train", "--dataset", "fashion-mnist", "--epochs", "1", "--width", "128",
                        "--depth", "2", "--map", "affine-like", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        double acc = run.get("epochs").get(0).get("test_acc").asDouble();
        assertTrue(acc >= 0.78, "test accuracy " + acc);
    }

    @Test
    void aCnnTrainsFromTheCommandLine() throws IOException {
        TestFiles.idxDataset(dir, 100, 40, 8, 8, true);
        CliTest.Run r = CliTest.run("train", "--model", "cnn", "--map", "patchnorm-norm-like", "--norm", "none",
                "--depth", "1", "--dataset", "mnist", "--data-dir", dir.toString(), "--batch", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("cnn", run.get("config").get("model").asText());
        assertEquals("done", run.get("status").asText());
        assertEquals(2, CliTest.run("train", "--model", "cnn", "--map", "affine-like").code());
        assertEquals(2, CliTest.run("train", "--model", "rnn").code());
    }

    /** The residual MLP of MATH.md §7 from the command line, through a sweep spec too; a typo names the three models. */
    @Test
    void aResidualMlpTrainsFromTheCommandLineAndASpec() throws IOException {
        TestFiles.idxDataset(dir, 100, 40, 8, 8, true);
        CliTest.Run r = CliTest.run("train", "--model", "resmlp", "--method", "affine-like", "--width", "16", "--depth", "3",
                "--dataset", "mnist", "--data-dir", dir.toString(), "--batch", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("resmlp", run.get("config").get("model").asText());
        assertEquals("done", run.get("status").asText());
        assertTrue(r.err().contains("resmlp: none + affine-like, tanh, width 16, 3 residual blocks"), r.err());
        CliTest.Run typo = CliTest.run("train", "--model", "resnet");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("--model must be mlp, cnn or resmlp, got 'resnet'"), typo.err());
        Path spec = dir.resolve("res.yaml");
        Files.writeString(spec, "dataset: mnist\nmodel: resmlp\nmax_epochs: 1\nwidth: 8\ndepth: 2\nbatch: 20\n"
                + "seeds: [1]\ngrid:\n  method: [affine, affine-like]\n");
        CliTest.Run sweep = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--data-dir",
                "mnist=" + dir, "--json", "--parallel", "1");
        assertEquals(0, sweep.code(), sweep.err());
        assertEquals(2, new ObjectMapper().readTree(sweep.out()).get("counts").get("done").asInt(), sweep.out());
    }

    /**
     * One epoch of a PatchNorm CNN on the real Fashion-MNIST, both forms, two and three blocks, on
     * two threads (the default on two cores: where a CPU's wrong float32 convolution gradient gave
     * NaN when the patch norms were a convolution).
     */
    @ParameterizedTest(name = "{0}, depth {1}")
    @CsvSource({"patchnorm-affine-like, 2", "patchnorm-affine-like, 3", "patchnorm-norm-like, 2"})
    void oneEpochOfAPatchNormCnnOnFashionMnistReachesSeventyFivePercent(String map, int depth) throws IOException {
        assumeTrue(DatasetName.FASHION_MNIST.present(null), DatasetName.FASHION_MNIST.missingMessage());
        CliTest.Run r = CliTest.run("train", "--model", "cnn", "--map", map, "--depth", String.valueOf(depth),
                "--dataset", "fashion-mnist", "--epochs", "1", "--threads", "2", "--json");
        assertEquals(0, r.code(), r.err());
        double acc = new ObjectMapper().readTree(r.out()).get("epochs").get(0).get("test_acc").asDouble();
        assertTrue(acc >= 0.75, "test accuracy " + acc);
    }

    /** A float32 kernel this CPU computes wrongly (broken on purpose here): the run says so and trains right. */
    @Test
    void aWrongFloat32KernelIsRoutedAndTheRunSaysSo() throws IOException {
        TestFiles.idxDataset(dir, 200, 50, 6, 6, true);
        System.setProperty(adiv.maps.Kernels.FAULT_PROPERTY, "linear:input-gradient");
        try {
            CliTest.Run r = CliTest.run("train", "--dataset", "mnist", "--data-dir", dir.toString(), "--epochs", "2",
                    "--width", "8", "--depth", "2", "--batch", "32", "--json");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("adiv: this CPU's libtorch computes linear float32 input gradient at linear"
                    + " float32 x(32,8) w(8,8)+b grad xw: relative error 0.9"), r.err());
            assertTrue(r.err().contains("this run computes linear in float64 instead (right, and slower)"), r.err());
            JsonNode run = new ObjectMapper().readTree(r.out());
            assertTrue(run.get("kernels").asText().startsWith("routed linear through float64: "), r.out());
            assertEquals("done", run.get("status").asText());
        } finally {
            System.clearProperty(adiv.maps.Kernels.FAULT_PROPERTY);
        }
    }

    /** A bf16 product this CPU computes wrongly: exit 1 naming the kernel, before training, no stack trace. */
    @Test
    void aWrongBf16KernelStopsTheRunWithExitOne() throws IOException {
        TestFiles.idxDataset(dir, 200, 50, 6, 6, true);
        System.setProperty(adiv.maps.Kernels.FAULT_PROPERTY, "conv2d:forward");
        try {
            CliTest.Run r = CliTest.run("train", "--model", "cnn", "--width", "4", "--dataset", "mnist",
                    "--data-dir", dir.toString(), "--precision", "bf16");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("adiv: libtorch's bf16 conv2d's forward is wrong by 0.5"), r.err());
            assertTrue(r.err().contains("bf16 is refused on this machine; train with --precision float32"), r.err());
            assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
            assertFalse(r.err().contains("epoch 1/"), "stopped before training: " + r.err());
        } finally {
            System.clearProperty(adiv.maps.Kernels.FAULT_PROPERTY);
        }
    }
}
