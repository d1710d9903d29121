package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // The data set's byte file is made before the workers start, then mapped by each; what they
        // hold is said once.
        assertTrue(r.err().contains("mnist: made "), r.err());
        long said = r.err().lines().filter(l -> l.contains("mnist on ") && l.contains(" mapped from ")
                && l.endsWith(", once for all of its workers")).count();
        assertEquals(1, said, r.err());
    }

    @Test
    void aSpecWithAnUnknownKeyIsRefusedNamingTheKey() throws IOException {
        Path spec = spec("epochs: 1\nbatchsize: 64\n");
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'batchsize'"), r.err());
        assertEquals(2, CliTest.run("sweep", dir.resolve("none.yaml").toString(), "--out", dir.toString()).code());
        Path claim = spec("epochs: 1\ngrid:\n  method: [affine, batchnorm]\nclaims:\n"
                + "  - {id: beats-ln, says: x, method: affine, against: [layernorm], test: better}\n");
        CliTest.Run c = CliTest.run("sweep", claim.toString(), "--out", dir.resolve("c").toString());
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().contains("claims[0] (beats-ln): method 'layernorm' has no runs in this sweep"), c.err());
        assertFalse(c.err().contains("Exception"), "no stack trace for a user's mistake: " + c.err());
        // a claim over a setting the grid does not vary: one line, exit 2
        Path tuned = spec("epochs: 1\ngrid:\n  method: [affine, batchnorm]\nclaims:\n"
                + "  - {id: tuned-lr, says: x, method: affine, against: [batchnorm], test: better, tuned: lr}\n");
        CliTest.Run t = CliTest.run("sweep", tuned.toString(), "--out", dir.resolve("t").toString());
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().contains("claims[0] (tuned-lr): tuned: lr is not a grid axis (its axes: method)"), t.err());
        assertEquals(1, t.err().strip().lines().count(), t.err());
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
    void aSweepWhoseDataIsMissingIsOneLineAndWritesNothing() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Path spec = spec("dataset: mnist\nepochs: 1\ngrid:\n  method: [affine, l2]\n");
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--data-dir",
                "mnist=" + dir.resolve("empty"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("adiv: ") && r.err().strip().lines().count() == 1, r.err());
        assertFalse(Files.exists(dir.resolve("s")), "no store, lock or queued runs for a sweep that never started");
    }

    @Test
    void compareOfStoresWhoseRunsNeverRanFailsSayingWhatWasNotCompared() throws IOException {
        var runs = adiv.sweep.SweepSpec.parse("epochs: 1\ngrid:\n  method: [affine, l2]\n", "s").runs();
        for (String out : new String[] {"q1", "q2"}) {
            try (RunStore store = RunStore.open(dir.resolve(out))) {
                runs.forEach(r -> store.plan(r.canonical(), r.trainConfig().seed())); // queued, never started
            }
        }
        CliTest.Run r = CliTest.run("compare", dir.resolve("q1").toString(), dir.resolve("q2").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().startsWith("not compared: 2 runs, 0 finished in both and compared (nothing); 2 finished in"
                + " neither store"), r.out());
        JsonNode json = new ObjectMapper().readTree(CliTest.run("compare", dir.resolve("q1").toString(),
                dir.resolve("q2").toString(), "--json").out());
        assertFalse(json.get("agree").asBoolean());
        assertFalse(json.get("same").asBoolean());
        assertEquals(2, json.get("unfinished").asInt());
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
        CliTest.Run conf = CliTest.run("sweep", spec.toString(), "--out", out, "--conf", "spark.task.cpus=2");
        assertEquals(2, conf.code());
        assertTrue(conf.err().contains("--conf is for --executor spark"), conf.err());
        CliTest.Run badConf = CliTest.run("sweep", spec.toString(), "--out", out, "--executor", "spark", "--conf", "cpus");
        assertEquals(2, badConf.code());
        assertTrue(badConf.err().contains("--conf cpus: expected KEY=VALUE with a Spark key"), badConf.err());
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

    @Test
    void statusListsFailedRunsWithAttemptsAndErrorsAndReportsListProvenance() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 60, 20, 4, 4, false);
        // BatchNorm in training refuses batches of one value per feature: batch 1 fails that run
        Path spec = spec("dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 1\ngrid:\n  method: [batchnorm, affine]\n");
        String out = dir.resolve("s").toString();
        CliTest.Run sweep = CliTest.run("sweep", spec.toString(), "--out", out, "--data-dir", "mnist=" + dir.resolve("data"));
        assertEquals(1, sweep.code(), "a failed run fails the command: " + sweep.err());
        assertTrue(sweep.err().contains("failed: ") && sweep.err().contains("more than one value per feature"), sweep.err());

        CliTest.Run status = CliTest.run("status", out, "--json");
        assertEquals(1, status.code(), status.err());
        JsonNode s = new ObjectMapper().readTree(status.out());
        assertEquals(1, s.get("counts").get("failed").asInt());
        assertEquals(1, s.get("counts").get("done").asInt());
        JsonNode failed = s.get("failed").get(0);
        assertEquals("batchnorm", failed.get("method").asText());
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals(1, failed.get("settings").get("batch").asInt());
        assertTrue(failed.get("error").asText().contains("more than one value per feature"), failed.toString());
        // 60 examples less a validation split of 6, in batches of 1: where the network threw, and what
        assertTrue(failed.get("error").asText().startsWith("the network threw in epoch 1 at step 1 (step 1 of the epoch's 54):"
                + " java.lang."), failed.toString());
        CliTest.Run text = CliTest.run("status", out);
        assertTrue(text.out().contains("run 1 failed (batchnorm, seed 1") && text.out().contains("--retry-failed"), text.out());

        try (RunStore store = RunStore.read(dir.resolve("s"))) {
            java.util.Map<String, Object> p = store.provenance().get(0);
            assertEquals("0.35.1", p.get("djl"));
            assertTrue(String.valueOf(p.get("libtorch")).startsWith("2.7.1"), p.toString());
            assertEquals(Runtime.getRuntime().availableProcessors(), ((Number) p.get("threads")).intValue(),
                    "two runs: one worker with every core's thread: " + p);
            assertTrue(!String.valueOf(p.get("cpu")).isBlank() && p.get("commit") != null, p.toString());
        }
        CliTest.Run report = CliTest.run("report", out);
        assertEquals(0, report.code(), report.err());
        String md = Files.readString(dir.resolve("s").resolve("report.md"));
        assertTrue(md.contains("## Provenance") && md.contains("| djl | 0.35.1 | 1 |"), md);
        try (var files = Files.list(dir.resolve("s"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left");
        }
        assertEquals(2, CliTest.run("status", dir.resolve("none").toString()).code());
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsBadInputNamingIt() throws IOException {
        Path spec = spec("epochs: 1\n");
        Files.writeString(dir.resolve("file"), "not a directory");
        String out = dir.resolve("file").resolve("sweep").toString();
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", out);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(out) && r.err().contains("cannot be created"), r.err());
        CliTest.Run rep = CliTest.run("replicate", "--preset", "fig5", "--out", out);
        assertEquals(2, rep.code(), rep.err());
        assertTrue(rep.err().contains("cannot be created"), rep.err());
    }
}
