package adiv.cli;

import static adiv.cli.CliTest.json;
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
    void coresPlansTheRunsForABiggerMachineFromTheStepsAndMemoryMeasuredHere() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 4\npatience: 1\nvalidation: 0.25\nwidth: 4\ndepth: 1\nbatch: 16\n"
                + "seeds: [1, 2, 3]\ngrid:\n  method: [affine, affine-like]\n");
        String[] args = {"sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--data-dir",
            "mnist=" + dir.resolve("data"), "--dry-run", "--cores", "16"};
        JsonNode plan = json(CliTest.run(concat(args, "--json")));
        JsonNode work = plan.get("work");
        // patience 1 stops a run after 2 epochs at the earliest, of 4; six runs.
        assertEquals(2, work.get("epochs_per_run_fewest").asInt(), work.toString());
        assertEquals(4, work.get("epochs_per_run_most").asInt(), work.toString());
        assertEquals(12, work.get("epochs_low").asInt(), work.toString());
        assertEquals(24, work.get("epochs_high").asInt(), work.toString());
        JsonNode p = plan.get("projection");
        assertEquals(16, p.get("cores").asInt());
        assertEquals(6, p.get("runs_side_by_side").asInt(), "never more side by side than the runs");
        // Six runs on six cores: the longest run, as long as the work shared out or longer.
        double high = p.get("seconds_high").asDouble();
        assertEquals(Math.max(work.get("run_seconds_high").asDouble() / 6, work.get("longest_run_seconds_high").asDouble()),
                high, 1e-12);
        assertTrue(high > 0 && high <= work.get("run_seconds_high").asDouble(), p.toString());
        long own = work.get("worker_own_bytes").asLong();
        long shared = work.get("worker_shared_bytes").asLong();
        assertTrue(own > 0 && shared > 0, work.toString());
        assertEquals(6 * own + shared, p.get("memory_bytes").asLong());

        CliTest.Run text = CliTest.run(args);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Epochs: 2 to 4 a run (12 to 24 in all).")
                && text.out().contains("On 16 cores as fast as these, one run per core (6 side by side): ")
                && text.out().contains("Memory: the timing worker held "), text.out());

        CliTest.Run notDry = CliTest.run("sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--cores", "16");
        assertEquals(2, notDry.code());
        assertTrue(notDry.err().contains("--cores plans a dry run: add --dry-run"), notDry.err());
        assertFalse(Files.exists(dir.resolve("s")), "nothing written");
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
        // several presets joined by commas: each planned once, in the order given (all's six among them once)
        CliTest.Run two = CliTest.run("replicate", "--preset", "fig5,fig1,fig5", "--scale", "smoke", "--dataset", "mnist",
                "--data-dir", dir.resolve("data").toString(), "--out", dir.resolve("out").toString(), "--dry-run");
        assertEquals(0, two.code(), two.err());
        int fig5 = two.out().indexOf("fig5-smoke: ");
        int fig1 = two.out().indexOf("fig1-smoke: ");
        assertTrue(fig5 >= 0 && fig1 > fig5 && two.out().indexOf("fig5-smoke: ", fig5 + 1) < 0, two.out());
    }

    @Test
    void itsRunsSideBySideFollowParallelAndItsClaimsKeepTheSpecsWords() throws IOException {
        TestFiles.idxDataset(dir.resolve("data"), 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nmax_epochs: 2\nwidth: 4\ndepth: 1\nbatch: 16\nprobe_every: 2\nseeds: [1, 2]\n"
                + "grid:\n  method: [affine, affine-like]\n"
                + "claims:\n  - {id: spread-lower, says: x, method: affine-like, against: [affine], test: lower,"
                + " metric: ratio-spread}\n");
        String[] args = {"sweep", spec.toString(), "--out", dir.resolve("s").toString(), "--data-dir",
            "mnist=" + dir.resolve("data"), "--dry-run"};
        int cores = Runtime.getRuntime().availableProcessors();

        // --parallel 1: one run at a time, with every core's thread (as the sweep would train it).
        CliTest.Run one = CliTest.run(concat(args, "--parallel", "1"));
        assertEquals(0, one.code(), one.err());
        String threads = cores == 1 ? "one thread" : cores + " threads";
        assertTrue(one.out().contains("Time, 1 run at a time on " + threads + " (--parallel 1): "), one.out());
        assertFalse(one.out().contains("side by side"), one.out());
        JsonNode oneJson = json(CliTest.run(concat(args, "--parallel", "1", "--json"))).get("estimate");
        assertEquals(1, oneJson.get("runs_side_by_side").asInt(), oneJson.toString());
        assertEquals(1, oneJson.get("parallel").asInt(), oneJson.toString());
        assertEquals(cores, oneJson.get("threads_per_run").asInt(), oneJson.toString());

        // auto, as before: one single-threaded run per core (at most the 4 runs), said to be the machine's cores.
        CliTest.Run auto = CliTest.run(args);
        assertEquals(0, auto.code(), auto.err());
        int side = Math.min(cores, 4);
        assertTrue(auto.out().contains("Time, " + (side == 1 ? "1 run at a time on one thread" : side
                + " runs side by side on one thread each") + " (--parallel auto: one per core of this machine's " + cores),
                auto.out());
        JsonNode autoJson = json(CliTest.run(concat(args, "--json")));
        assertEquals(side, autoJson.get("estimate").get("runs_side_by_side").asInt());
        assertEquals("auto", autoJson.get("estimate").get("parallel").asText());
        assertEquals(1, autoJson.get("estimate").get("threads_per_run").asInt());
        assertEquals(cores, autoJson.get("estimate").get("cores").asInt());

        // The claim's test as the spec names it: lower, not the test it is read as (worse).
        assertEquals("lower", autoJson.get("claims").get(0).get("test").asText());
        String claimRow = auto.out().lines().filter(l -> l.startsWith("spread-lower")).findFirst().orElse("");
        assertTrue(claimRow.matches("spread-lower +lower +affine-like +affine"), auto.out());
    }

    @Test
    void runsBeyondTheCoresShareThemAndOneRunLeftIsOneRun() {
        // --parallel 4 on 2 cores: 4 runs side by side, 2 training at once (the time divides by 2, not 4).
        assertEquals("4 runs side by side on one thread each (--parallel 4: they share this machine's 2 cores, 2 training"
                + " at once)", DryRunOutput.layout(new adiv.sweep.DryRun.Estimate(1, 2, 1, 1, 4, null, 4, 1, 2)));
        assertEquals("2 runs side by side on 2 threads each (--parallel 2)",
                DryRunOutput.layout(new adiv.sweep.DryRun.Estimate(1, 2, 1, 1, 2, null, 2, 2, 4)));
        assertEquals("1 run at a time on one thread (--parallel auto: one per core of this machine's 4, for the 1 run to do;"
                + " the sweep takes one run on every core instead where that is faster)",
                DryRunOutput.layout(new adiv.sweep.DryRun.Estimate(1, 2, 1, 1, 1, null, adiv.sweep.Scheduler.AUTO, 1, 4)));
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
