package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import adiv.maps.Methods;
import adiv.maps.plugins.TestPlugins;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that ends badly: a plug-in's map that throws in the middle of training, and a run that
 * diverges. Exit 1, one line that says what and where, and with --out what was finished is kept
 * (never the parameters of a network that did not finish).
 */
class TrainFaultCliTest {

    /** The line the plug-in's fault gives: 200 examples in batches of 50 are 4 steps an epoch, the map gives up at step 7. */
    private static final String LINE = "adiv train: method test-late (late.jar) failed in epoch 2 at step 7 (step 3 of the"
            + " epoch's 4): test-late gave up after " + TestPlugins.LateMap.TRAINING_PASSES + " training passes";

    @TempDir Path dir;
    private Path jar;

    @BeforeEach
    void data() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 200, 50, 6, 6, true);
        jar = TestPlugins.compiledJar(dir.resolve("plugins"), "late", "adiv.test.late.LateMethods", TestPlugins.LATE_PROVIDER);
    }

    @AfterEach
    void noPlugins() {
        Methods.usePlugins(null);
    }

    private CliTest.Run train(String... more) {
        return run("train", more);
    }

    private CliTest.Run run(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--plugins", jar.toString(), "--method", "test-late",
                "--dataset", "mnist", "--data-dir", dir.resolve("data").toString(), "--epochs", "3", "--patience", "none",
                "--validation", "0", "--width", "8", "--depth", "1", "--batch", "50", "--threads", "1"));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    /** The lines of stderr that say the run failed. */
    private static List<String> failed(String err) {
        return err.lines().filter(l -> l.contains(" failed in epoch")).toList();
    }

    @Test
    void aPluginThatThrowsMidTrainingIsOneLineAndOutKeepsTheFinishedEpochsAndTheTraceButNoParameters() throws IOException {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SavedRun.PARAMETERS), "an earlier run's parameters");
        CliTest.Run r = train("--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(LINE), failed(r.err()), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), "no stack trace: " + r.err());
        assertTrue(r.err().contains("epoch 1/3: train_loss"), "epoch 1 trained: " + r.err());
        assertTrue(r.err().contains("adiv train: saved into " + out + ": run.yaml, epochs.csv (the 1 epoch finished before"
                + " the fault), result.json (status failed, and where) and error.txt (the stack trace); not the parameters:"
                + " the network failed in the middle of epoch 2"), r.err());
        assertTrue(r.out().contains("Failed in epoch 2 at step 7 (step 3 of the epoch's 4): test-late gave up after 6"
                + " training passes (the epochs above finished before it)."), r.out());

        List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
        assertEquals(2, epochs.size(), "a header and epoch 1: " + epochs);
        assertTrue(epochs.get(1).startsWith("1,"), epochs.toString());
        assertFalse(Files.exists(out.resolve(SavedRun.PARAMETERS)), "no parameters, not even an earlier run's");
        assertTrue(Files.readString(out.resolve("run.yaml")).contains("method: test-late"));

        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertEquals("failed", result.get("status").asText());
        assertEquals(1, result.get("epochs").size());
        assertTrue(result.get("divergence").isNull());
        JsonNode error = result.get("error");
        assertEquals("training", error.get("phase").asText());
        assertEquals(2, error.get("epoch").asInt());
        assertEquals(7, error.get("step").asInt());
        assertEquals(3, error.get("step_in_epoch").asInt());
        assertEquals(4, error.get("steps_in_epoch").asInt());
        assertEquals("late.jar", error.get("origin").asText());
        assertEquals("java.lang.IllegalStateException", error.get("exception").asText());
        assertEquals(LINE.substring("adiv train: ".length()), error.get("message").asText());

        List<String> trace = Files.readAllLines(out.resolve(SavedRun.ERROR));
        assertEquals(LINE.substring("adiv train: ".length()), trace.get(0));
        assertEquals("java.lang.IllegalStateException: test-late gave up after 6 training passes", trace.get(2));
        assertTrue(trace.stream().anyMatch(l -> l.contains("at adiv.maps.plugins.TestPlugins$LateMap.forward")), trace.toString());
        assertTrue(trace.stream().anyMatch(l -> l.contains("at adiv.train.TrainingLoop.")), trace.toString());
    }

    @Test
    void withoutOutTheLineSaysHowToSeeTheTraceAndVerbosePrintsIt() {
        CliTest.Run r = train();
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of(LINE + " (--verbose prints its stack trace)"), failed(r.err()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        CliTest.Run verbose = train("--verbose", "--json");
        assertEquals(1, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains(LINE + System.lineSeparator() + "java.lang.IllegalStateException: test-late gave up"),
                verbose.err());
        assertTrue(verbose.err().contains("\tat adiv.maps.plugins.TestPlugins$LateMap.forward"), verbose.err());
        assertTrue(verbose.out().contains("\"status\" : \"failed\"") || verbose.out().contains("\"status\":\"failed\""),
                "--json prints the failed run's result: " + verbose.out());
    }

    @Test
    void probeSaysTheSameLineAndExitsOne() {
        CliTest.Run r = run("probe", "--every", "2", "--verbose");
        assertEquals(1, r.code(), r.err());
        List<String> failed = failed(r.err());
        assertEquals(1, failed.size(), r.err());
        assertTrue(failed.get(0).startsWith("adiv probe: method test-late (late.jar) failed in epoch 2 at step 7"), failed.get(0));
        assertTrue(r.err().contains("\tat adiv.maps.plugins.TestPlugins$LateMap.forward"), "--verbose: " + r.err());
        assertTrue(r.out().contains("Failed in epoch 2 at step 7"), r.out());
    }

    @Test
    void aDivergedRunExitsOneSaysWhereAndSavesNoParameters() throws IOException {
        Path out = dir.resolve("diverged");
        CliTest.Run r = CliTest.run("train", "--dataset", "mnist", "--data-dir", dir.resolve("data").toString(), "--epochs", "2",
                "--width", "8", "--depth", "1", "--batch", "32", "--act", "none", "--opt", "sgd", "--lr", "1e38",
                "--threads", "1", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(java.util.regex.Pattern.compile("Diverged in epoch 1 at step \\d+: ").matcher(r.out()).find(), r.out());
        assertTrue(r.err().contains("adiv train: saved into " + out + ": run.yaml, epochs.csv and result.json (status"
                + " diverged, and where); not the parameters: they are no longer finite"), r.err());
        for (String f : List.of("run.yaml", "epochs.csv", "result.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertFalse(Files.exists(out.resolve(SavedRun.PARAMETERS)), "diverged parameters are not saved");
        assertFalse(Files.exists(out.resolve(SavedRun.ERROR)));
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertEquals("diverged", result.get("status").asText());
        assertEquals(1, result.get("divergence").get("epoch").asInt());
        assertTrue(r.out().contains(result.get("divergence").get("message").asText()), r.out());
    }
}
