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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A researcher's own map, in a jar given by --plugins, through every command that names methods. */
class PluginCliTest {

    @TempDir Path dir;

    @AfterEach
    void noPlugins() {
        Methods.usePlugins(null);
    }

    private static JsonNode json(CliTest.Run r) throws IOException {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void methodsListsEveryBuiltInMethodAndThePluginsWithTheirOrigin() throws IOException {
        Path jar = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Good.class);
        JsonNode methods = json(CliTest.run("methods", "--json", "--plugins", jar.getParent().toString())).get("methods");
        List<String> names = new ArrayList<>();
        methods.forEach(m -> names.add(m.get("name").asText()));
        assertTrue(names.containsAll(List.of("affine", "batchnorm", "layernorm", "rmsnorm", "l2", "l2-half", "affine-like",
                "norm-like", "structural", "dyt", "dyisru", "patchnorm-affine-like", "patchnorm-norm-like")), names.toString());
        JsonNode mine = methods.get(names.indexOf("test-affine-like"));
        assertFalse(mine.get("origin").asText().equals(Methods.BUILT_IN), mine.toString());
        assertTrue(mine.get("mlp").asBoolean() && !mine.get("cnn").asBoolean() && mine.get("kernel").asBoolean(), mine.toString());
        JsonNode half = methods.get(names.indexOf("test-affine-like-half"));
        assertEquals("test-affine-like", half.get("map").asText());
        assertEquals(0.5, half.get("lr_scale").asDouble());
        JsonNode patch = methods.get(names.indexOf("patchnorm-affine-like"));
        assertTrue(!patch.get("mlp").asBoolean() && patch.get("cnn").asBoolean(), patch.toString());
        assertEquals(Methods.BUILT_IN, patch.get("origin").asText());
        assertFalse(json(CliTest.run("methods", "--json")).toString().contains("test-affine-like"),
                "without --plugins, no plug-in");
    }

    @Test
    void theoryMeasuresAPluginsMapAgainstItsOwnKernel() throws IOException {
        Path jar = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Good.class);
        JsonNode rows = json(CliTest.run("theory", "--json", "--plugins", jar.toString(), "--map", "test-affine-like"))
                .get("identities");
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            assertEquals("test-affine-like", row.get("map").asText());
            assertEquals(1.0, row.get("predicted").asDouble(), 1e-9, "affine-like's K_ss = 1 (MATH.md §3)");
            assertEquals(1.0, row.get("measured").asDouble(), 1e-6);
            assertTrue(row.get("passed").asBoolean());
        }
        // A method with a trainable normaliser states no kernel: the spread of K_ss is measured all the same.
        JsonNode dyt = json(CliTest.run("theory", "--json", "--map", "dyt")).get("identities").get(1);
        assertTrue(dyt.get("predicted").isNull() && dyt.get("passed").asBoolean(), dyt.toString());
        assertTrue(dyt.get("measured_max").asDouble() > 1.5 * dyt.get("measured_min").asDouble(),
                "an affine map after DyT diverges: " + dyt);
    }

    @Test
    void aBrokenPluginIsOneLineNamingItAndWhatItReturned() {
        String[][] cases = {
            {"WrongShape", "test-wrong-shape", "returned shape (5, 5), expected (5, 4)"},
            {"NotFinite", "test-nan", "returned NaN"},
            {"Throws", "test-throws", "threw IllegalStateException: boom: not implemented yet"},
        };
        for (String[] c : cases) {
            Class<? extends adiv.maps.MethodProvider> provider = switch (c[0]) {
                case "WrongShape" -> TestPlugins.WrongShape.class;
                case "NotFinite" -> TestPlugins.NotFinite.class;
                default -> TestPlugins.Throws.class;
            };
            Path jar = TestPlugins.jar(dir.resolve(c[0]), provider);
            for (String[] args : new String[][] {{"theory", "--map", c[1]}, {"train", "--map", c[1], "--epochs", "1"}}) {
                List<String> all = new ArrayList<>(List.of(args));
                all.addAll(List.of("--plugins", jar.toString()));
                CliTest.Run r = CliTest.run(all.toArray(String[]::new));
                assertEquals(2, r.code(), c[1] + ": " + r.err());
                assertTrue(r.err().contains("plug-in method '" + c[1] + "'") && r.err().contains(c[2]), r.err());
                assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
            }
        }
    }

    @Test
    void aNameTwoProvidersDefineIsRefusedNamingBoth() {
        Path jar = TestPlugins.jar(dir.resolve("clash"), TestPlugins.Clash.class);
        CliTest.Run r = CliTest.run("methods", "--plugins", jar.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("method 'affine-like' is defined twice: by built-in and by "), r.err());
        CliTest.Run none = CliTest.run("methods", "--plugins", dir.resolve("nowhere").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--plugins: " + dir.resolve("nowhere")), none.err());
    }

    @Test
    void aSweepTrainsAPluginOnTwoWorkerProcessesAndItsReportJudgesAClaimNamingIt() throws IOException {
        Path jar = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Good.class);
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 2\npatience: none\nwidth: 4\ndepth: 1\nbatch: 16\nseeds: [1, 2]\n"
                + "methods:\n  mine-half: {map: test-affine-like, lr_scale: 0.5}\n"
                + "grid:\n  method: [test-affine-like, mine-half, affine]\n"
                + "claims:\n  - {id: mine-not-worse, says: \"test-affine-like is not worse than affine\", method: test-affine-like,"
                + " against: [affine], test: not-worse, margin: 0.05}\n");
        String out = dir.resolve("s").toString();
        CliTest.Run r = CliTest.run("sweep", spec.toString(), "--out", out, "--plugins", jar.getParent().toString(),
                "--data-dir", "mnist=" + dir.resolve("data"), "--parallel", "2", "--json");
        JsonNode sweep = json(r);
        assertEquals(6, sweep.get("counts").get("done").asInt(), sweep.toString());
        CliTest.Run report = CliTest.run("report", out, "--plugins", jar.getParent().toString());
        assertEquals(0, report.code(), report.err());
        String md = Files.readString(dir.resolve("s").resolve("report.md"));
        assertTrue(md.contains("mine-not-worse") && md.contains("test-affine-like"), md);
        // Without the plug-in the spec cannot be read: its method is unknown, said in one line.
        CliTest.Run without = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("t").toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("unknown map 'test-affine-like'"), without.err());
    }
}
