package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.Provenance;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.train.EpochResult;
import adiv.train.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adiv compare} on stores made without training: the absolute tolerance beside the relative
 * one, and the line that names how the stores' runs trained differently, before the verdict.
 */
class CompareCliTest {

    @TempDir Path dir;

    /**
     * A store of two finished runs whose first epoch's training loss is {@code loss} and whose test
     * accuracy is {@code acc}, recorded as trained with {@code threads} threads (null: no provenance).
     */
    private Path store(String name, double loss, double acc, Integer threads, String cpu) {
        Path d = dir.resolve(name);
        try (RunStore s = RunStore.open(d)) {
            for (String config : List.of("{\"seed\":1}", "{\"seed\":2}")) {
                StoredRun r = s.plan(config, 1);
                s.start(r.id(), "here", "dev");
                RunResult result = new RunResult(RunResult.DONE, List.of(new EpochResult(1, loss, 0.9, acc, 0.5)));
                s.finish(r.id(), result, List.of(), 1, threads == null ? null
                        : new Provenance("dev", "abc", "0.35.1", "2.7.1", cpu, threads, "ok"));
            }
        }
        return d;
    }

    private static JsonNode json(CliTest.Run r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void anAbsoluteToleranceLetsANumberThatShouldBeZeroCompareEqual() throws IOException {
        String a = store("a", 0.0, 0.7, 1, "cpu").toString();
        String b = store("b", 2.5e-16, 0.7, 1, "cpu").toString();
        // Relative only, however loose, 2.5e-16 is never 0.
        CliTest.Run relative = CliTest.run("compare", a, b, "--tolerance", "0.5");
        assertEquals(1, relative.code(), relative.out());
        assertTrue(relative.out().startsWith("different: 2 runs, 2 finished in both with the same status and rows: 0 identical,"
                + " 2 with other numbers (--tolerance 0.5, --abs-tolerance 0, --max-drifted 0)"), relative.out());
        assertTrue(relative.out().contains("train_loss differs: 0.0 vs 2.5E-16"), relative.out());

        CliTest.Run absolute = CliTest.run("compare", a, b, "--abs-tolerance", "1e-12");
        assertEquals(0, absolute.code(), absolute.out());
        assertEquals("same: 2 runs, 2 finished in both, every epoch and probe record equal within --tolerance 0,"
                + " --abs-tolerance 1.0E-12", absolute.out().strip());
        JsonNode j = json(CliTest.run("compare", a, b, "--abs-tolerance", "1e-12", "--tolerance", "1e-6", "--json"));
        assertTrue(j.get("same").asBoolean(), j.toString());
        assertEquals(1e-12, j.get("abs_tolerance").asDouble());
        assertEquals(1e-6, j.get("tolerance").asDouble());

        // 0.7 against 0.71: 0.01 apart (absolute), 1.4% (relative). Either tolerance alone passes it when loose enough.
        String c = store("c", 0.0, 0.71, 1, "cpu").toString();
        assertEquals(1, CliTest.run("compare", a, c, "--abs-tolerance", "0.005", "--tolerance", "0.01").code());
        assertEquals(0, CliTest.run("compare", a, c, "--abs-tolerance", "0.0101").code());
        assertEquals(0, CliTest.run("compare", a, c, "--tolerance", "0.015").code());
    }

    @Test
    void anAbsoluteToleranceThatIsNegativeOrNotANumberIsOneLineNamingTheFlag() {
        String a = store("a", 0.0, 0.7, 1, "cpu").toString();
        for (String bad : new String[] {"-1", "NaN"}) {
            CliTest.Run r = CliTest.run("compare", a, a, "--abs-tolerance", bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--abs-tolerance must be 0 or more"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        CliTest.Run word = CliTest.run("compare", a, a, "--abs-tolerance", "tiny");
        assertEquals(2, word.code(), word.err());
        assertTrue(word.err().contains("--abs-tolerance"), word.err());
        assertFalse(word.err().contains("Exception"), word.err());
    }

    @Test
    void storesTrainedWithOtherThreadCountsSaySoBeforeTheVerdict() throws IOException {
        String local = store("local", 0.5, 0.7, 2, "cpu").toString();
        String spark = store("spark", 0.5, 0.71, 1, "cpu").toString();
        CliTest.Run r = CliTest.run("compare", local, spark);
        assertEquals(1, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("the stores' runs differ in how they trained: threads 2 (" + local + ") vs 1 (" + spark + "); expect"
                + " other last digits (--tolerance, --abs-tolerance and --max-drifted loosen the comparison)", lines.get(0));
        assertTrue(lines.get(1).startsWith("different: 2 runs"), r.out());

        JsonNode j = json(CliTest.run("compare", local, spark, "--json"));
        JsonNode threads = j.get("trained_differently").get("threads");
        assertEquals("[2]", threads.get("first").toString());
        assertEquals("[1]", threads.get("second").toString());
        assertEquals(1, j.get("trained_differently").size(), "the CPU and libtorch are the same: " + j);

        // A CPU that differs too is named; the numbers agreeing all the same is said as such.
        String other = store("other", 0.5, 0.7, 1, "another cpu").toString();
        CliTest.Run same = CliTest.run("compare", local, other);
        assertEquals(0, same.code(), same.out());
        assertTrue(same.out().startsWith("the stores' runs differ in how they trained: threads 2 (" + local + ") vs 1 ("
                + other + "); cpu cpu (" + local + ") vs another cpu (" + other + "); their numbers agree all the same\nsame:"),
                same.out());
    }

    @Test
    void storesTrainedAlikeOrWithoutARecordSayNothingOfIt() throws IOException {
        String a = store("a", 0.5, 0.7, 1, "cpu").toString();
        String b = store("b", 0.5, 0.71, 1, "cpu").toString();
        String unrecorded = store("old", 0.5, 0.71, null, null).toString();
        for (String other : new String[] {b, unrecorded}) {
            CliTest.Run r = CliTest.run("compare", a, other);
            assertTrue(r.out().startsWith("different: "), r.out());
            JsonNode j = json(CliTest.run("compare", a, other, "--json"));
            assertTrue(j.get("trained_differently").isObject() && j.get("trained_differently").isEmpty(), j.toString());
        }
    }
}
