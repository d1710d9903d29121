package adiv.cli;

import static adiv.cli.CliTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import adiv.maps.Methods;
import adiv.maps.PluginJars;
import adiv.maps.plugins.TestPlugins;
import adiv.probe.OneStepIdentities;
import adiv.probe.ScaleNormStep;
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
        assertEquals(2 + 2, rows.size(), "single, batch, and inside a residual block: its map and the block's output");
        assertEquals("test-affine-like in a residual block", rows.get(2).get("map").asText());
        assertTrue(rows.get(2).get("passed").asBoolean() && rows.get(2).get("rel_error").asDouble() < 1e-9, rows.toString());
        assertTrue(rows.get(3).get("predicted").isNull(), "the block output's step is not predicted: " + rows);
        for (JsonNode row : List.of(rows.get(0), rows.get(1))) {
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
    void aPluginNormaliserIsAFirstClassPartOfItsMethods() throws IOException {
        Path jar = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Normalising.class);
        JsonNode listed = json(CliTest.run("methods", "--json", "--plugins", jar.toString()));
        JsonNode scale = null;
        for (JsonNode m : listed.get("methods")) {
            if (m.get("name").asText().equals("test-scalenorm")) {
                scale = m;
            }
        }
        assertEquals("test-scalenorm", scale.get("norm").asText(), scale.toString());
        assertEquals("affine", scale.get("map").asText());
        assertFalse(scale.get("kernel").asBoolean(), "a trained normaliser leaves no input-only kernel: " + scale);
        assertEquals("[\"normalising.jar\"]", scale.get("jars").toString());
        JsonNode norms = listed.get("normalisers");
        List<String> names = new ArrayList<>();
        norms.forEach(n -> names.add(n.get("name").asText() + "@" + n.get("origin").asText() + ":" + n.get("trained").asBoolean()));
        assertTrue(names.containsAll(List.of("batchnorm@built-in:false", "dyt@built-in:true",
                "test-scalenorm@normalising.jar:true", "test-twice-l2@normalising.jar:false")), names.toString());
        assertEquals(64, listed.get("plugin_sha256").get("normalising.jar").asText().length());
        // train's header and --json config name it
        TestFiles.idxDataset(dir.resolve("data"), 256, 64, 28, 28, false);
        CliTest.Run train = CliTest.run("train", "--json", "--plugins", jar.toString(), "--method", "test-scalenorm",
                "--epochs", "1", "--width", "16", "--depth", "1", "--validation", "0", "--patience", "none", "--data-dir",
                dir.resolve("data").toString());
        assertEquals(0, train.code(), train.err() + train.out());
        assertTrue(train.err().contains("test-scalenorm + affine"), train.err());
        JsonNode trained = new ObjectMapper().readTree(train.out());
        assertEquals("test-scalenorm", trained.get("config").get("norm").asText());
        assertEquals(PluginJars.sha256(jar), trained.get("plugins").get("normalising.jar").asText(), trained.toString());
    }

    @Test
    void theoryChecksAPluginNormaliserAsBuiltAgainstADirectComputationOfItsStep() throws IOException {
        Path jar = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Normalising.class);
        JsonNode scale = json(CliTest.run("theory", "--json", "--plugins", jar.toString(), "--map", "test-scalenorm"));
        assertFalse(scale.get("kernel_stated").asBoolean(), scale.toString());
        assertTrue(scale.get("none_stated_because").asText().contains("normaliser 'test-scalenorm' (normalising.jar)"),
                scale.toString());
        JsonNode affine = json(CliTest.run("theory", "--json", "--map", "affine")).get("identities");
        OneStepIdentities.Settings s = OneStepIdentities.Settings.defaults();
        java.util.function.IntFunction<adiv.maps.AffineMap> layer = units -> adiv.maps.NormalisedAffine.builder()
                .setUnits(units).setNormaliser(new TestPlugins.ScaleNorm(s.inputs())).build();
        JsonNode rows = scale.get("identities");
        assertEquals(2, rows.size());
        for (int i = 0; i < 2; i++) {
            JsonNode row = rows.get(i);
            double[] direct = ScaleNormStep.ratios(layer, i == 0 ? 1 : s.batch(), s);
            double mean = java.util.Arrays.stream(direct).average().orElseThrow();
            assertTrue(row.get("predicted").isNull() && row.get("passed").asBoolean(), row.toString());
            assertEquals(mean, row.get("measured").asDouble(), 1e-9 * mean, row.toString());
            assertEquals(java.util.Arrays.stream(direct).min().orElseThrow(), row.get("measured_min").asDouble(), 1e-9 * mean);
            assertEquals(java.util.Arrays.stream(direct).max().orElseThrow(), row.get("measured_max").asDouble(), 1e-9 * mean);
            double plain = affine.get(i).get("measured").asDouble();
            assertTrue(Math.abs(mean - plain) > 0.05 * plain, "not plain affine's numbers: " + mean + " vs " + plain);
        }
        // A parameterless plug-in normaliser states the layer's kernel: |2 x/|x||^2 + 1 = 5 for every sample.
        JsonNode twice = json(CliTest.run("theory", "--json", "--plugins", jar.toString(), "--map", "test-twice-l2"));
        assertTrue(twice.get("kernel_stated").asBoolean(), twice.toString());
        for (JsonNode row : twice.get("identities")) {
            if (row.get("map").asText().endsWith(" in a residual block")) {
                // inside a block the kernel's cross-sample terms count too: predicted and measured agree
                assertTrue(row.get("passed").asBoolean(), row.toString());
                continue;
            }
            assertEquals(5.0, row.get("predicted").asDouble(), 1e-9, row.toString());
            assertEquals(5.0, row.get("measured").asDouble(), 1e-6, row.toString());
            assertTrue(row.get("passed").asBoolean());
        }
        // Before a map other than affine: the layer is stepped whole, and says why nothing is predicted.
        CliTest.Run text = CliTest.run("theory", "--plugins", jar.toString(), "--map", "test-scalenorm-affine-like");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("none stated") && text.out().contains("its normaliser 'test-scalenorm'"), text.out());
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
        // Every run records the jar it was built from, beside its method; the report shows them.
        String built = "good.jar sha256:" + PluginJars.sha256(jar);
        assertTrue(md.contains("test-affine-like: " + built) && md.contains("mine-half: " + built)
                && md.contains("none (adiv's own methods)"), md);
        // Another build of the jar (same classes, another SHA-256): the sweep stops before training, naming both.
        Path rebuilt = TestPlugins.jar(dir.resolve("plugins"), TestPlugins.Good.class, "build 2");
        String now = "good.jar sha256:" + PluginJars.sha256(rebuilt);
        assertFalse(now.equals(built));
        CliTest.Run again = CliTest.run("sweep", spec.toString(), "--out", out, "--plugins", rebuilt.getParent().toString(),
                "--data-dir", "mnist=" + dir.resolve("data"), "--parallel", "2");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("method 'test-affine-like': its runs in " + out + " were made with " + built
                + ", the jar now is " + now) && again.err().contains("method 'mine-half'")
                && again.err().contains("--out") && again.err().contains("--rerun-changed"), again.err());
        assertEquals(1, again.err().strip().lines().count(), again.err());
        // --rerun-changed trains exactly those runs again with the new build; adiv's own are kept.
        CliTest.Run rerun = CliTest.run("sweep", spec.toString(), "--out", out, "--plugins", rebuilt.getParent().toString(),
                "--data-dir", "mnist=" + dir.resolve("data"), "--parallel", "2", "--rerun-changed");
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.err().contains("4 runs made with another build of a plug-in jar go back in the queue"), rerun.err());
        try (adiv.sweep.RunStore store = adiv.sweep.RunStore.read(dir.resolve("s"))) {
            assertEquals(6, store.counts().get("done"));
            List<String> recorded = new ArrayList<>(store.recordedPlugins().values());
            assertEquals(List.of("", "", now, now, now, now), recorded.stream().sorted().toList(), recorded.toString());
        }
        // Two builds side by side in one directory: refused, naming both jars.
        Files.copy(jar.getParent().resolve("good.jar"), dir.resolve("plugins").resolve("good-old.jar"));
        CliTest.Run both = CliTest.run("methods", "--plugins", dir.resolve("plugins").toString());
        assertEquals(2, both.code(), both.out());
        assertTrue(both.err().contains("plug-in jars good-old.jar and good.jar both hold the class "
                + TestPlugins.Good.class.getName()), both.err());
        // Without the plug-in the spec cannot be read: its method is unknown, said in one line.
        CliTest.Run without = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("t").toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("unknown map 'test-affine-like'"), without.err());
    }
}
