package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dry-run}: the plan, the methods' origins, the claims and a timed estimate, nothing written. */
class DryRunCliTest {

    @TempDir Path dir;

    private static JsonNode json(CliTest.Run r) throws IOException {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void aDryRunPlansTimesAndWritesNothingThenKnowsWhatAStoreHolds() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 4\npatience: 1\nvalidation: 0.25\nwidth: 4\ndepth: 1\nbatch: 16\n"
                + "seeds: [1, 2]\nmethods:\n  slow-affine-like: {map: affine-like, lr_scale: 0.5}\n"
                + "grid:\n  method: [affine, slow-affine-like]\n"
                + "claims:\n  - {id: slow-not-worse, says: x, method: slow-affine-like, against: [affine], test: not-worse, margin: 0.5}\n");
        Path out = dir.resolve("s");
        String data = "mnist=" + dir.resolve("data");
        JsonNode plan = json(CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", data, "--dry-run", "--json"));
        assertFalse(Files.exists(out), "a dry run writes nothing");
        assertEquals(4, plan.get("runs").asInt());
        assertEquals(4, plan.get("pending").asInt());
        JsonNode slow = plan.get("methods").get(1);
        assertEquals("slow-affine-like", slow.get("name").asText());
        assertTrue(slow.get("origin").asText().startsWith("spec "), slow.toString());
        assertEquals(0.5, slow.get("lr_scale").asDouble());
        assertEquals(2, slow.get("runs").asInt());
        assertEquals("built-in", plan.get("methods").get(0).get("origin").asText());
        assertEquals("slow-not-worse", plan.get("claims").get(0).get("id").asText());
        JsonNode estimate = plan.get("estimate");
        assertTrue(estimate.get("not_timed_because").isNull(), estimate.toString());
        assertEquals(2, estimate.get("networks").asInt(), "one network per method: seeds share theirs");
        double low = estimate.get("seconds_low").asDouble();
        double high = estimate.get("seconds_high").asDouble();
        // 60 training examples at batch 16: 4 steps an epoch; patience 1 stops after 2 epochs at the earliest, of 4.
        assertTrue(low > 0 && Math.abs(high / low - 2) < 1e-9, estimate.toString());

        assertEquals(0, CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", data).code());
        JsonNode again = json(CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", data, "--dry-run",
                "--json"));
        assertEquals(0, again.get("pending").asInt(), "the store's finished runs are not planned again");
        CliTest.Run text = CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", data, "--dry-run");
        assertTrue(text.out().contains("4 runs, 0 to run") && text.out().contains("Nothing to run."), text.out());
    }

    @Test
    void replicatesDryRunPlansEachPresetWithoutAnOutputDirectory() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 64, 32, 3, 3, true);
        CliTest.Run r = CliTest.run("replicate", "--preset", "fig5", "--scale", "smoke", "--dataset", "mnist", "--data-dir",
                dir.resolve("data").toString(), "--out", dir.resolve("out").toString(), "--dry-run");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fig5-smoke: 7 runs, 7 to run") && r.out().contains("affine-like-not-worse")
                && r.out().contains("side by side on one thread each"), r.out());
        assertFalse(Files.exists(dir.resolve("out")), "a dry run writes nothing");
    }
}
