package adiv.cli;

import static adiv.cli.CliTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Data;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code adiv bench memory}: a sweep worker training CIFAR-10-shaped data holds the data set in file
 * pages it shares with the machine's other workers, not in its own memory.
 */
class BenchMemoryCliTest {

    /** CIFAR-10's training set as float32, the copy every worker used to hold: 50,000 × 3,072 × 4 bytes. */
    private static final long FLOAT_COPY = 50_000L * 3072 * 4;
    /** CIFAR-10 as bytes: 60,000 records of 3,073. */
    private static final long BYTES = 60_000L * 3073;

    private static List<Path> cifarFiles() throws IOException {
        if (!Files.isDirectory(Data.cache())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Data.cache())) {
            return files.filter(f -> f.getFileName().toString().startsWith("cifar10-")).toList();
        }
    }

    @Test
    void aWorkerMapsTheDataSetAndHoldsLessOfItsOwnThanAFloatCopy() throws IOException {
        List<Path> before = cifarFiles();
        CliTest.Run r = CliTest.run("bench", "memory", "--workers", "1", "--epochs", "2", "--json");
        JsonNode report = json(r);
        assertTrue(r.err().contains("cifar10: made "), r.err());
        JsonNode worker = report.get("workers").get(0);
        assertTrue(worker.get("error").isNull(), worker.toString());
        assertEquals(2, worker.get("after_epoch").size(), "memory read after each epoch");
        long own = worker.get("own").asLong();
        long shared = worker.get("shared").asLong();
        assertTrue(shared > BYTES, "every record read in an epoch is a file page: " + worker);
        assertTrue(own > 0 && own < FLOAT_COPY, "its own pages hold no float copy of the data: " + worker);
        assertTrue(worker.get("peak").asLong() >= own, worker.toString());
        assertEquals(own, report.get("own_peak").asLong());
        assertEquals(before, cifarFiles(), "the generated data's file is removed with it");
    }

    @Test
    void badFlagsAreTheUsersToCorrect() {
        CliTest.Run model = CliTest.run("bench", "memory", "--model", "rnn");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("--model must be mlp or cnn, got 'rnn'"), model.err());
        CliTest.Run workers = CliTest.run("bench", "memory", "--workers", "0");
        assertEquals(2, workers.code());
        assertTrue(workers.err().contains("--workers and --epochs must be at least 1"), workers.err());
    }
}
