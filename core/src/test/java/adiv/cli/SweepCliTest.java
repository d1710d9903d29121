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
    void compareTellsTheSameSweepFromADifferentOne() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        String data = "mnist=" + dir.resolve("data");
        Path spec = spec("dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 16\ngrid:\n  method: [affine, l2]\n");
        for (String out : new String[] {"a", "b"}) {
            assertEquals(0, CliTest.run("sweep", spec.toString(), "--out", dir.resolve(out).toString(), "--data-dir", data,
                    "--parallel", "2").code()); // single-threaded workers
        }
        CliTest.Run same = CliTest.run("compare", dir.resolve("a").toString(), dir.resolve("b").toString(), "--json");
        assertEquals(0, same.code(), same.out() + same.err());
        assertEquals(2, new ObjectMapper().readTree(same.out()).get("compared").asInt());
        assertEquals(2, new ObjectMapper().readTree(same.out()).get("identical").asInt());
        Path other = spec("dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 16\nlr: 0.01\ngrid:\n  method: [affine]\n");
        assertEquals(0, CliTest.run("sweep", other.toString(), "--out", dir.resolve("c").toString(), "--data-dir", data,
                "--parallel", "2").code()); // single-threaded workers
        CliTest.Run differs = CliTest.run("compare", dir.resolve("a").toString(), dir.resolve("c").toString());
        assertEquals(1, differs.code());
        assertTrue(differs.out().contains("only in the first store") && differs.out().contains("only in the second store"),
                differs.out());
        assertEquals(2, CliTest.run("compare", dir.resolve("a").toString(), dir.resolve("none").toString()).code());
    }

    @Test
    void executorFlagsAreChecked() throws IOException {
        Path spec = spec("epochs: 1\n");
        String out = dir.resolve("s").toString();
        CliTest.Run bogus = CliTest.run("sweep", spec.toString(), "--out", out, "--executor", "cloud");
        assertEquals(2, bogus.code());
        assertTrue(bogus.err().contains("--executor must be local or spark"), bogus.err());
        CliTest.Run master = CliTest.run("sweep", spec.toString(), "--out", out, "--master", "local[2]");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--master is for --executor spark"), master.err());
        // The core's tests run without the spark module on the class path.
        CliTest.Run missing = CliTest.run("replicate", "--preset", "fig5", "--executor", "spark", "--master", "local[2]",
                "--out", out);
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("executor is not on the class path"), missing.err());
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
