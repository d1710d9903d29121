package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import adiv.sweep.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adiv sweep} as a user runs it. */
class SweepCliTest {

    @TempDir Path dir;

    private Path spec(String yaml) throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void runsASmallSweepAndReportsItsRuns() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = spec("dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 16\ngrid:\n  method: [affine, norm-like]\n");
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString(),
                "--data-dir", "mnist=" + dir.resolve("data"), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertEquals(2, out.get("counts").get("done").asInt());
        assertEquals(2, out.get("runs").size());
        assertTrue(Files.exists(dir.resolve("s").resolve(RunStore.FILE)));
    }

    @Test
    void aSpecWithAnUnknownKeyIsRefusedNamingTheKey() throws IOException {
        Path spec = spec("epochs: 1\nbatchsize: 64\n");
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'batchsize'"), r.err());
        assertEquals(2, CliTest.run("sweep", dir.resolve("none.yaml").toString(), "--out", dir.toString()).code());
    }

    @Test
    void aSweepDirectoryInUseIsRefused() throws IOException {
        Path spec = spec("epochs: 1\n");
        try (RunStore held = RunStore.open(dir.resolve("s"))) {
            CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("in use by another adiv process"), r.err());
        }
    }
}
