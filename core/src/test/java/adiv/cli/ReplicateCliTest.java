package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adiv replicate} end to end on a small generated data set. */
class ReplicateCliTest {

    @TempDir Path dir;

    @Test
    void table1SmokeRunsEveryPlannedRunAndWritesTheReport() throws Exception {
        TestFiles.idxDataset(dir.resolve("data"), 64, 32, 3, 3, true);
        CliTest.Run r = CliTest.run("replicate", "--preset", "table1", "--scale", "smoke", "--dataset", "mnist",
                "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("out").toString(), "--json",
                "--parallel", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode out = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals(42, out.get("counts").get("done").asInt());
        Path sweep = dir.resolve("out").resolve("table1");
        for (String f : new String[] {"results.sqlite", "report.md", "report.html", "results.csv"}) {
            assertTrue(Files.exists(sweep.resolve(f)), f);
        }
        String md = Files.readString(sweep.resolve("report.md"));
        assertTrue(md.contains("Table 1"));
        assertTrue(md.indexOf("## Claims") < md.indexOf("## Selected and final"), "the report opens with its claims");
        for (String id : new String[] {"affine-like-slope-negative", "l2-slope-negative", "l2-half-slope-negative",
            "affine-like-slope-below-batchnorm-and-affine", "affine-like-best-on-average"}) {
            assertTrue(md.contains("| " + id + " |"), id + " in the claims table");
        }
        JsonNode claims = out.get("claims");
        assertEquals(7, claims.size());
        for (JsonNode c : claims) {
            // one epoch, one seed: every run hit max_epochs, so the claims are too short to judge
            assertEquals("too short", c.get("verdict").asText(), c.toString());
            assertTrue(java.util.Set.of("supported", "contradicted", "inconclusive").contains(c.get("tests_verdict").asText()));
            int runs = switch (c.get("test").asText()) {
                case "slope-negative" -> 42 / 7; // the method's own runs
                case "slope-lower" -> 42 / 7 * 3; // the method, BatchNorm and plain affine
                default -> 42; // affine-like against every other method
            };
            assertEquals(runs, c.get("runs").asInt(), c.toString());
        }
        String verdict = Files.readString(dir.resolve("out").resolve("verdict.md"));
        assertTrue(verdict.contains("(#table1-l2-half-slope-negative)") && verdict.contains("table1/report.md"), verdict);
        assertTrue(verdict.startsWith("# adiv: the paper's claims, smoke scale\n\n**7 claims: 0 supported, 0 contradicted,"
                + " 0 inconclusive, 7 too short.**"), "the answer first: " + verdict);
        // the smoke verdict page and a report, laid out by a real browser at 1280 and 390 px
        adiv.report.Browser.assertFitsAndAnswersFirst(dir.resolve("out").resolve("verdict.html"));
        adiv.report.Browser.assertFitsAndAnswersFirst(sweep.resolve("report.html"));
        assertTrue(verdict.contains("“Moreover, all affine-like slopes, [L2-]Norm"), "the paper's sentence is quoted: " + verdict);
        // Again: nothing left to run, the same counts.
        CliTest.Run again = CliTest.run("replicate", "--preset", "table1", "--scale", "smoke", "--dataset", "mnist",
                "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("out").toString(), "--json");
        assertEquals(42, new ObjectMapper().readTree(again.out()).get(0).get("counts").get("done").asInt());
    }

    @Test
    void workerProcessesRunTheSameSweepAndTheStoreHoldsEveryRunOnce() throws Exception {
        TestFiles.idxDataset(dir.resolve("data"), 64, 32, 3, 3, true);
        CliTest.Run r = CliTest.run("replicate", "--preset", "fig5", "--scale", "smoke", "--dataset", "mnist",
                "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("par").toString(), "--json",
                "--parallel", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals(7, new ObjectMapper().readTree(r.out()).get(0).get("counts").get("done").asInt());
        try (adiv.sweep.RunStore store = adiv.sweep.RunStore.open(dir.resolve("par").resolve("fig5"))) {
            for (adiv.sweep.StoredRun run : store.runs()) {
                assertEquals(1, store.epochs(run.id()).size(), "one epoch stored per run");
                assertTrue(store.probes(run.id()).size() > 0, "probe records come back from the workers");
            }
        }
    }

    @Test
    void badPresetScaleOrMissingDataAreExitTwo() {
        assertEquals(2, CliTest.run("replicate", "--preset", "fig3").code());
        assertEquals(2, CliTest.run("replicate", "--scale", "huge").code());
        assertEquals(2, CliTest.run("replicate", "--parallel", "many").code());
        CliTest.Run missing = CliTest.run("replicate", "--dataset", "cifar10", "--data-dir",
                dir.resolve("empty").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("directory not found"), missing.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("o")), "a command that exits 2 writes nothing");
    }

    @Test
    void aTypoIsNamedBeforeTheDataIsLookedForAndNothingIsWritten() throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("empty"));
        String[][] typos = {
            {"--preset", "fig3", "--preset must be one of fig1, fig2, fig5, table1, fig8, fig9, optimiser, lr, depth, residual or all (the"
                + " paper's: fig1, fig2, fig5, table1, fig8, fig9), or several joined by commas, got 'fig3'"},
            {"--preset", "optimiser,lr,fig3", "got 'optimiser,lr,fig3'"},
            {"--scale", "huge", "--scale must be one of smoke, quick, paper, verdict, got 'huge'"},
            {"--dataset", "imagenet", "imagenet"},
        };
        for (String[] t : typos) {
            CliTest.Run r = CliTest.run("replicate", t[0], t[1], "--data-dir", dir.resolve("empty").toString(),
                    "--out", dir.resolve("o").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(t[2]), "the typo, not the missing data: " + r.err());
            assertFalse(java.nio.file.Files.exists(dir.resolve("o")), "a command that exits 2 writes nothing");
        }
        CliTest.Run noData = CliTest.run("replicate", "--preset", "fig5", "--dataset", "fashion-mnist", "--data-dir",
                dir.resolve("empty").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, noData.code(), noData.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("o")), "missing data: nothing written");
    }
}
