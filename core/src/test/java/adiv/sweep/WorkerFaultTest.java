package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes that die, hang or never finish: the slot starts a fresh worker, the run goes
 * back in the queue and continues from its checkpoint, and only a run that kills its worker every
 * time fails, after its attempts, with the worker's last words; every other run finishes.
 */
class WorkerFaultTest {

    @TempDir Path dir;
    private Path data;

    @BeforeEach
    void data() throws Exception {
        data = dir.resolve("data");
        // 3,000 images, batch 10: an epoch of a small MLP takes a few hundred milliseconds, long
        // enough for a kill sent at the end of epoch 1 to land inside the run
        TestFiles.idxDataset(data, 3000, 500, 8, 8, true);
    }

    private List<String> workerCommand(String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "adiv.cli.Main", "worker",
                "--data-dir", "mnist=" + data));
        return cmd;
    }

    private static SweepSpec spec(int epochs, String methods) {
        return SweepSpec.parse("dataset: mnist\nepochs: " + epochs + "\nwidth: 16\ndepth: 1\nbatch: 10\nprobe_every: 100\n"
                + "seeds: [1, 2]\ngrid:\n  method: [" + methods + "]\n", "faults.yaml");
    }

    @Test
    void aWorkerKilledMidRunIsReplacedAndItsRunContinuesToTheUninterruptedNumbers() {
        SweepSpec spec = spec(3, "affine, affine-like");
        try (RunStore straight = RunStore.open(dir.resolve("straight"))) {
            assertEquals(4, new ProcessExecutor(workerCommand(), 2, 1, "test", "dev")
                    .run(spec, straight, SweepControl.of(new LocalExecutor.Listener() {}, l -> {})));
        }
        AtomicLong killedRun = new AtomicLong(-1);
        List<RunProgress> afterKill = Collections.synchronizedList(new ArrayList<>());
        LocalExecutor.Listener killer = new LocalExecutor.Listener() {
            @Override
            public void epochEnded(RunSettings run, long runId, RunProgress p) {
                if (p.epoch() == 1 && killedRun.compareAndSet(-1, runId)) {
                    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL mid-run
                } else if (runId == killedRun.get()) {
                    afterKill.add(p);
                }
            }
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (RunStore store = RunStore.open(dir.resolve("killed"))) {
            new ProcessExecutor(workerCommand(), 2, 1, "test", "dev").run(spec, store, SweepControl.of(killer, log::add));
            assertEquals(Map.of(StoredRun.DONE, 4), store.counts(), String.join("\n", log));
            for (StoredRun r : store.runs()) {
                assertEquals(r.id() == killedRun.get() ? 2 : 1, r.attempts(), "attempts of run " + r.id());
                List<Integer> epochs = store.epochs(r.id()).stream().map(e -> ((Number) e.get("epoch")).intValue()).toList();
                assertEquals(List.of(1, 2, 3), epochs, "every epoch once, none duplicated");
            }
            assertFalse(afterKill.isEmpty());
            assertEquals(2, afterKill.get(0).epoch(), "the retried run went on with epoch 2");
            assertEquals(1, afterKill.get(0).resumedAfter(), "from the checkpoint of epoch 1");
            assertTrue(log.stream().anyMatch(l -> l.contains("exit status 137") && l.contains("attempt 2 of 3")), log.toString());
            assertFalse(Files.exists(store.checkpoint(store.runs().get(0))), "checkpoints of finished runs are deleted");
        }
        try (RunStore a = RunStore.open(dir.resolve("straight"));
                RunStore b = RunStore.open(dir.resolve("killed"))) {
            StoreComparison c = StoreComparison.of(a, b, 0);
            assertTrue(c.same(), "the interrupted sweep ends with the uninterrupted numbers:\n"
                    + String.join("\n", c.differences()));
        }
    }

    @Test
    void aRunThatKillsItsWorkerEveryTimeFailsAfterItsAttemptsAndTheOthersFinish() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (RunStore store = RunStore.open(dir.resolve("s"))) {
            new ProcessExecutor(workerCommand("-D" + Worker.CRASH_PROPERTY + "=affine-like"), 2, 1, "test", "dev")
                    .run(spec(1, "affine, affine-like"), store, SweepControl.of(new LocalExecutor.Listener() {}, log::add));
            assertEquals(Map.of(StoredRun.DONE, 2, StoredRun.FAILED, 2), store.counts());
            for (Map<String, Object> f : store.failures()) {
                assertTrue(String.valueOf(f.get("config")).contains("affine-like"));
                assertEquals(3, ((Number) f.get("attempts")).intValue());
                String error = (String) f.get("error");
                assertTrue(error.contains("exit status 134"), error);
                assertTrue(error.contains("crashing on purpose"), "the last lines of its error output: " + error);
                assertTrue(error.contains("attempt 3 of 3"), error);
            }
            for (StoredRun r : store.runs()) {
                if (r.status().equals(StoredRun.DONE)) {
                    assertEquals(1, r.attempts());
                }
            }
            assertTrue(Files.readString(store.dir().resolve(ProcessExecutor.LOG)).contains("crashing on purpose"),
                    "workers' error output is kept beside the store");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Run again: the failed runs have no attempts left and stay failed; --retry-failed tries them afresh.
        try (RunStore store = RunStore.open(dir.resolve("s"))) {
            assertEquals(0, LocalExecutor.plan(spec(1, "affine, affine-like"), store, RetryPolicy.DEFAULT).pending().size());
            assertEquals(2, LocalExecutor.plan(spec(1, "affine, affine-like"), store, new RetryPolicy(3, null, true))
                    .pending().size());
            assertTrue(store.runs().stream().allMatch(r -> r.status().equals(StoredRun.DONE) || r.attempts() == 0));
        }
    }

    @Test
    void aWorkerThatStopsAnsweringOrRunsPastTheTimeLimitIsKilledAndTheRunRetried() throws Exception {
        // SIGSTOP freezes a worker: it says nothing, so after the silence limit it is killed and replaced.
        AtomicLong frozen = new AtomicLong(-1);
        LocalExecutor.Listener freezer = new LocalExecutor.Listener() {
            @Override
            public void epochEnded(RunSettings run, long runId, RunProgress p) {
                if (frozen.compareAndSet(-1, runId)) {
                    try {
                        new ProcessBuilder("kill", "-STOP", String.valueOf(p.pid())).start().waitFor();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (RunStore store = RunStore.open(dir.resolve("silent"))) {
            new ProcessExecutor(workerCommand(), 1, 1, "test", "dev", Duration.ofSeconds(3))
                    .run(spec(2, "affine"), store, SweepControl.of(freezer, log::add));
            assertEquals(Map.of(StoredRun.DONE, 2), store.counts(), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.contains("stopped answering")), log.toString());
            assertEquals(2, store.runs().stream().filter(r -> r.id() == frozen.get()).findFirst().orElseThrow().attempts());
        }
        // A time limit shorter than any run: every attempt is cut off, then the run fails saying so.
        log.clear();
        try (RunStore store = RunStore.open(dir.resolve("slow"))) {
            SweepSpec long50 = SweepSpec.parse("dataset: mnist\nmax_epochs: 50\npatience: none\nwidth: 16\ndepth: 1\n"
                    + "batch: 10\nseeds: [1, 2]\ngrid:\n  method: [affine]\n", "long.yaml");
            new ProcessExecutor(workerCommand(), 1, 1, "test", "dev").run(long50, store,
                    new SweepControl(new LocalExecutor.Listener() {}, log::add,
                            new RetryPolicy(2, Duration.ofMillis(1500), false), new StopSignal()));
            assertEquals(Map.of(StoredRun.FAILED, 2), store.counts());
            for (Map<String, Object> f : store.failures()) {
                assertTrue(String.valueOf(f.get("error")).contains("ran past the run time limit"), f.toString());
                assertEquals(2, ((Number) f.get("attempts")).intValue());
            }
        }
    }
}
