package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.TestFiles;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code adiv sweep} in a process of its own, stopped while its two workers train: by Ctrl-C or
 * SIGTERM it exits with 130 or 143 after one line saying how to resume, the store holds no run
 * left running, and the same command finishes the sweep; killed with SIGKILL, its workers stop by
 * themselves within two seconds.
 */
class SweepSignalsTest {

    @TempDir Path dir;
    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = dir.resolve("data");
        TestFiles.idxDataset(data, 3000, 500, 8, 8, true); // epochs of a few hundred milliseconds
    }

    /** A sweep of two runs of the given epochs. */
    private Path spec(int epochs) throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, "dataset: mnist\nepochs: " + epochs + "\npatience: none\nwidth: 16\ndepth: 1\nbatch: 10\nseeds: [1, 2]\n"
                + "grid:\n  method: [affine]\n");
        return f;
    }

    /** The sweep command running in a child JVM, its error output collected line by line. */
    private static final class Child {
        final Process process;
        final List<String> err = Collections.synchronizedList(new ArrayList<>());

        Child(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        err.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until a line of its error output contains text. */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                synchronized (err) {
                    if (err.stream().anyMatch(l -> l.contains(text))) {
                        return;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no line with '" + text + "' in:\n" + String.join("\n", err));
        }

        List<ProcessHandle> workers() {
            return process.descendants().filter(ProcessHandle::isAlive).toList();
        }

        String errText() {
            synchronized (err) {
                return String.join("\n", err);
            }
        }
    }

    /**
     * Whether a process still runs: an orphan that has exited stays a zombie until the system's first
     * process reaps it (in a container that can take seconds), which isAlive counts as alive.
     */
    static boolean running(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (not Linux), or the process is gone
        }
    }

    /** Whether a process ignores a signal (its number), as /proc/PID/status's SigIgn mask says. */
    static boolean ignores(long pid, int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (signal - 1))) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux
        }
        return false;
    }

    private Child sweep(Path spec, Path out) throws IOException {
        return new Child("sweep", spec.toString(), "--out", out.toString(), "--data-dir", "mnist=" + data, "--parallel", "2");
    }

    @ParameterizedTest(name = "{0} gives exit status {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsTheSweepCleanlyAndTheSameCommandFinishesIt(String signal, int status) throws Exception {
        // Twenty epochs, so that the signal lands while the runs train even on a loaded machine (with
        // five, a starved signal handler could let the sweep finish first and exit 0).
        Path spec = spec(20);
        Path out = dir.resolve("s");
        Child child = sweep(spec, out);
        child.await("epoch 1/20");
        if (ignores(child.process.pid(), status - 128)) {
            // A shell starts a background job with SIGINT ignored, and a process cannot catch what it
            // was told to ignore: nothing to test here (a foreground run, as a user's, tests it).
            child.workers().forEach(ProcessHandle::destroyForcibly);
            child.process.destroyForcibly().waitFor();
            Assumptions.assumeTrue(false, "SIG" + signal + " is ignored by processes started here (a background job)");
        }
        List<ProcessHandle> workers = child.workers();
        assertEquals(2, workers.size(), "two workers train");
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(child.process.pid())).start().waitFor());
        assertTrue(child.process.waitFor(60, TimeUnit.SECONDS), "stopped");
        assertEquals(status, child.process.exitValue(), child.errText());
        String err = child.errText();
        assertTrue(err.contains("stopped by SIG" + signal) && err.contains("run the same command again to resume"), err);
        Thread.sleep(1000);
        assertTrue(workers.stream().noneMatch(SweepSignalsTest::running), "its workers are gone");

        try (RunStore store = RunStore.read(out)) {
            assertFalse(store.counts().containsKey(StoredRun.RUNNING), "no run left running: " + store.counts());
            assertEquals(2, store.runs().size());
            for (StoredRun r : store.runs()) {
                if (r.status().equals(StoredRun.QUEUED)) {
                    assertEquals(0, r.attempts(), "a start cut short by the stop is given back");
                    assertTrue(store.epochs(r.id()).isEmpty(), "no partial rows");
                }
            }
        }
        CliTest.Run again = CliTest.run("sweep", spec.toString(), "--out", out.toString(), "--data-dir", "mnist=" + data,
                "--parallel", "2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resumed after epoch"), "runs in flight continued from their checkpoints:\n"
                + again.err());
        try (RunStore store = RunStore.read(out)) {
            assertEquals(Map.of(StoredRun.DONE, 2), store.counts());
            for (StoredRun r : store.runs()) {
                assertEquals(20, store.epochs(r.id()).size());
                assertEquals(1, r.attempts());
            }
        }
    }

    @Test
    void workersStopWithinTwoSecondsOfTheirParentsSigkill() throws Exception {
        Path out = dir.resolve("k");
        Child child = sweep(spec(40), out);
        child.await("seed 1) epoch 1/40");
        child.await("seed 2) epoch 1/40");
        List<ProcessHandle> workers = child.workers();
        assertEquals(2, workers.size(), "two workers train");
        child.process.destroyForcibly(); // SIGKILL: no handler, no cleanup
        assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
        Thread.sleep(2000);
        List<ProcessHandle> alive = workers.stream().filter(SweepSignalsTest::running).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        assertTrue(alive.isEmpty(), "workers still alive 2 s after their parent's SIGKILL: " + alive);
        try (RunStore store = RunStore.open(out)) {
            assertEquals(Map.of(StoredRun.QUEUED, 2), store.counts(), "the runs in flight are queued again");
            for (StoredRun r : store.runs()) {
                assertTrue(Files.isRegularFile(store.checkpoint(r)), "each keeps its checkpoint to continue from");
            }
        }
    }
}
