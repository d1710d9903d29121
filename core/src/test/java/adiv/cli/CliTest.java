package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.AffineMaps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: output formats, exit codes, one-line errors. */
class CliTest {

    record Run(int code, String out, String err) {}

    /** A run's --json output, once it has exited 0 (its stderr the message otherwise). */
    static JsonNode json(Run r) throws java.io.IOException {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theoryJsonHasOneSingleAndOneBatchRowPerMapAndPasses() throws Exception {
        Run r = run("theory", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        JsonNode rows = report.get("identities");
        assertTrue(rows.isArray());
        // single and batch per map, PatchNorm's two forms, and each map inside a residual block (map, output)
        assertEquals(2 * AffineMaps.all().size() + 4 + 2 * AffineMaps.all().size(), rows.size());
        for (JsonNode row : rows) {
            for (String field : new String[] {"map", "case", "predicted", "measured", "rel_error"}) {
                assertTrue(row.has(field), "missing " + field + " in " + row);
            }
            assertTrue(row.get("rel_error").isNull() ? row.get("case").asText().equals("block output")
                    : row.get("rel_error").asDouble() <= 1e-3, row.toString());
        }
        JsonNode affine = rows.get(0);
        assertEquals("affine", affine.get("map").asText());
        assertEquals("single", affine.get("case").asText());
        assertEquals("batch", rows.get(1).get("case").asText());
        // The kernel check of the default networks: every kernel, and every row agreeing here.
        JsonNode kernels = report.get("kernels");
        assertTrue(kernels.get("summary").asText().startsWith("ok: "), kernels.get("summary").asText());
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (JsonNode row : kernels.get("rows")) {
            seen.add(row.get("kernel").asText() + " " + row.get("part").asText());
            assertTrue(row.get("passed").asBoolean() && row.get("rel_error").asDouble() < 1e-3, row.toString());
        }
        assertEquals(java.util.Set.of("linear forward", "linear weight gradient", "linear input gradient",
                "conv2d forward", "conv2d weight gradient", "conv2d input gradient", "max_pool2d forward",
                "max_pool2d input gradient", "avg_pool2d forward", "avg_pool2d input gradient"), seen);
    }

    @Test
    void theoryTableNamesEveryMap() {
        Run r = run("theory", "--batch", "3");
        assertEquals(0, r.code(), r.err());
        for (String map : new String[] {"affine-like", "norm-like", "structural(rho=0.5)", "gradient-only-disproportional"}) {
            assertTrue(r.out().contains(map), map);
        }
        assertTrue(r.out().contains("All identities hold"));
        assertTrue(r.out().contains("Every kernel agrees with float64"), r.out());
    }

    @Test
    void badValuesExitWithTwoAndOneLineNamingTheOption() {
        Run r = run("theory", "--dtype", "float16");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dtype"), r.err());
        assertFalse(r.err().contains("at adiv."), "no stack trace: " + r.err());

        Run unknown = run("theory", "--no-such-option");
        assertEquals(2, unknown.code());

        Run point = run("bench", "maps", "--point", "4,x,3");
        assertEquals(2, point.code());
        assertTrue(point.err().contains("--point"), point.err());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertEquals(2, run().code());
        assertEquals(2, run("bench").code());
    }

    @Test
    void benchMapsJsonReportsEveryMapAgainstAffine() throws Exception {
        Run r = run("bench", "maps", "--json", "--point", "4,8,3", "--rounds", "1", "--seconds", "0.01");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertEquals(2 * AffineMaps.all().size(), rows.size()); // as a hidden and as a first layer
        for (JsonNode row : rows) {
            for (String field : new String[] {"map", "batch", "inputs", "outputs", "input_gradient", "millis", "vs_affine"}) {
                assertTrue(row.has(field), "missing " + field + " in " + row);
            }
            assertTrue(row.get("millis").asDouble() > 0);
        }
        assertEquals(1.0, rows.get(0).get("vs_affine").asDouble(), 1e-12);
    }

    @Test
    void benchPatchnormJsonReportsEveryBlockAgainstThePlainConvolution() throws Exception {
        Run r = run("bench", "patchnorm", "--json", "--rounds", "1", "--seconds", "0.001");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertEquals(8, rows.size());
        assertEquals("conv", rows.get(0).get("block").asText());
        assertEquals(1.0, rows.get(0).get("vs_conv").asDouble(), 1e-12);
    }

    @Test
    void benchTrainCnnJsonReportsTheEpochByPhaseAndTheGemmRate() throws Exception {
        Run r = run("bench", "train", "--json", "--model", "cnn", "--map", "conv", "--width", "2", "--depth", "1",
                "--samples", "64", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        JsonNode row = report.get("results").get(0);
        assertEquals("cnn", row.get("model").asText());
        for (String field : new String[] {"seconds_per_epoch", "gflop", "data", "forward", "backward", "optimizer", "gc"}) {
            assertTrue(row.has(field), "missing " + field + " in " + row);
        }
        assertTrue(report.get("gemm_gflops").asDouble() > 0);
        assertEquals(2, run("bench", "train", "--model", "rnn").code());
        Run badProfile = run("bench", "train", "--model", "cnn", "--profile", "/proc/adiv-no-such-dir", "--samples", "64");
        assertEquals(2, badProfile.code(), badProfile.err());
        assertTrue(badProfile.err().contains("--profile: cannot create the directory"), badProfile.err());
        assertEquals(2, run("bench", "train", "--model", "cnn", "--map", "affine-like", "--samples", "64").code());
    }
}
