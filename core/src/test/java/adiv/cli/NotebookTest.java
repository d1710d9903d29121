package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep ends with its report and the tidy tables a notebook reads: epochs.csv (a row per run per
 * epoch) and runs.csv (a row per run); README's pandas example runs on them as written (.ci/run
 * installs Debian's python3-pandas, so there it always runs).
 */
class NotebookTest {

    @TempDir Path dir;

    @Test
    void aSweepWritesTidyTablesAndReadmesPandasExampleReadsThem() throws Exception {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 3\npatience: none\nwidth: 4\ndepth: 1\nbatch: 16\nseeds: [1, 2]\n"
                + "probe_every: 2\ngrid:\n  method: [affine, l2]\n");
        Path out = dir.resolve("sweep");
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("report.md")), "the sweep wrote its report");
        List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(1 + 4 * 3, epochs.size(), "a header and a row per run per epoch");
        assertEquals(1 + 4, runs.size(), "a header and a row per run");
        assertTrue(epochs.get(0).startsWith("run_id,method,") && epochs.get(0).endsWith(",epoch,train_loss,val_loss,val_acc,"
                + "test_loss,test_acc,seconds,selected"), epochs.get(0));
        assertTrue(runs.get(0).endsWith(",status,stopped,epochs,selected_epoch,selected_val_acc,selected_test_acc,"
                + "final_test_acc,ratio_spread"), runs.get(0));
        assertEquals(4, epochs.stream().filter(l -> l.endsWith(",true")).count(), "one selected epoch per run");

        String python = readmeExample().replace("runs/r1/table1", out.toString());
        Path python3 = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3") : Path.of("python3");
        Assumptions.assumeTrue(run(python3.toString(), "-c", "import pandas").exit == 0, "pandas is not installed here");
        Result p = run(python3.toString(), "-c", python);
        assertEquals(0, p.exit, p.output);
        assertTrue(p.output.contains("affine") && p.output.contains("l2") && p.output.contains("sem"), p.output);
    }

    /** README's pandas example, the python block of "Results a notebook can read". */
    static String readmeExample() throws IOException {
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int section = readme.indexOf("### Results a notebook can read");
        int start = readme.indexOf("```python\n", section) + "```python\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private record Result(int exit, String output) {}

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Result(p.exitValue(), out);
    }
}
