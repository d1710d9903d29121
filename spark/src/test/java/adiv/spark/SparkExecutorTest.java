package adiv.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import adiv.data.DatasetName;
import adiv.data.TestFiles;
import adiv.sweep.LocalExecutor;
import adiv.sweep.ProcessExecutor;
import adiv.sweep.RunStore;
import adiv.sweep.StoreComparison;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark in local mode ({@code local[2]}): the same sweep through the local process executor
 * and the Spark executor gives the same runs with the same per-epoch numbers and probe records, bit
 * for bit (both train each run in a single-threaded worker process); a second pass submits nothing.
 */
class SparkExecutorTest {

    private static List<String> workerCommand(Path data) {
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "adiv.cli.Main", "worker", "--data-dir", "mnist=" + data);
    }

    @TempDir Path dir;

    @Test
    void theSameSweepGivesTheSameRunsAndNumbersAsTheLocalExecutor() throws Exception {
        Path data = dir.resolve("data");
        TestFiles.idxDataset(data, 120, 40, 8, 8, true);
        String yaml = "dataset: mnist\nepochs: 2\nwidth: 8\ndepth: 1\nbatch: 20\nprobe_every: 4\nseeds: [1, 2]\n"
                + "grid:\n  method: [affine, batchnorm]\n  model: [mlp, cnn]\n";
        SweepSpec spec = SweepSpec.parse(yaml, "small.yaml");
        Map<DatasetName, Path> dirs = Map.of(DatasetName.MNIST, data);
        try (RunStore local = RunStore.open(dir.resolve("local"))) {
            // two single-threaded worker processes, as local[2] runs them
            assertEquals(8, new ProcessExecutor(workerCommand(data), 2, 1, "test", "dev")
                    .run(spec, local, SweepControl.of(new LocalExecutor.Listener() {}, l -> {})));
        }
        List<String> finished = new ArrayList<>();
        LocalExecutor.Listener listener = new LocalExecutor.Listener() {
            @Override
            public void runFinished(adiv.sweep.RunSettings run, String status, int done, int total) {
                finished.add(status);
            }
        };
        SparkConf conf = new SparkConf().setMaster("local[2]");
        try (SparkExecutor spark = new SparkExecutor(conf, dirs, true, "test", "dev");
                RunStore store = RunStore.open(dir.resolve("spark"))) {
            List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            assertEquals(8, spark.run(spec, store, SweepControl.of(listener, log::add)));
            assertEquals(Map.of(StoredRun.DONE, 8), store.counts());
            // The executor's workers map the data set's one file: said once, with its size.
            List<String> held = log.stream().filter(l -> l.startsWith("mnist on ")).toList();
            assertEquals(1, held.size(), "said once per machine: " + log);
            assertTrue(held.get(0).contains(String.format("%.1f MB mapped from ", 160 * (64 + 1) / 1e6))
                    && held.get(0).endsWith(", once for all of its workers"), held.get(0));
            assertEquals(0, spark.run(spec, store, SweepControl.of(listener, l -> {})), "runs already done are not submitted");
        }
        assertEquals(8, finished.size());
        try (RunStore local = RunStore.open(dir.resolve("local"));
                RunStore spark = RunStore.open(dir.resolve("spark"))) {
            StoreComparison c = StoreComparison.of(local, spark, 0);
            assertTrue(!c.structural(), String.join("\n", c.differences()));
            assertEquals(8, c.compared());
            assertTrue(c.same(), "every number equal bit for bit:\n" + String.join("\n", c.differences()));
            assertTrue(!spark.probes(spark.runs().get(0).id()).isEmpty(), "probe records came back");
        }
    }

    /**
     * {@code adiv sweep ... --executor spark} run as a user runs it, in a JVM of its own that exits,
     * then read as CI reads it ({@code adiv status}, {@code adiv compare}): the store is left closed,
     * its write-ahead log folded into results.sqlite, with no results.sqlite-wal or -shm beside it;
     * the same holds for the local executor.
     */
    @Test
    void aSweepThroughSparkLeavesTheStoreClosedWithoutItsWriteAheadLog() throws Exception {
        Path data = dir.resolve("data");
        TestFiles.idxDataset(data, 80, 20, 4, 4, true);
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 16\ngrid:\n  method: [affine, l2]\n");
        List<Path> outs = new ArrayList<>();
        for (String executor : List.of("spark", "local")) {
            Path out = dir.resolve(executor);
            outs.add(out);
            List<String> args = new ArrayList<>(List.of("sweep", spec.toString(), "--out", out.toString(), "--data-dir",
                    "mnist=" + data, "--json", "--executor", executor));
            args.addAll(executor.equals("spark") ? List.of("--master", "local[2]") : List.of("--parallel", "2"));
            Cli run = cli(args);
            assertEquals(0, run.code(), executor + ": " + run.err());
            assertTrue(run.out().contains("\"done\" : 2"), run.out());
            assertTrue(Files.isRegularFile(out.resolve(RunStore.FILE)), executor);
            assertEquals(List.of(), leftBeside(out), executor + ": the sweep did not close its store cleanly");
            Cli status = cli(List.of("status", out.toString()));
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("2 done"), status.out());
            assertEquals(List.of(), leftBeside(out), executor + ": adiv status left the store's log behind");
        }
        Cli compare = cli(List.of("compare", outs.get(0).toString(), outs.get(1).toString(), "--json"));
        assertTrue(compare.out().contains("\"compared\" : 2"), compare.out() + compare.err());
        for (Path out : outs) {
            assertEquals(List.of(), leftBeside(out), out + ": adiv compare left the store's log behind");
        }
    }

    /** The store's write-ahead log and shared-memory index, where any is left. */
    private static List<String> leftBeside(Path out) throws java.io.IOException {
        try (var files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals(RunStore.FILE + "-wal") || n.equals(RunStore.FILE + "-shm")).sorted().toList();
        }
    }

    private record Cli(int code, String out, String err) {}

    /** adiv's command line in a JVM of its own (this one's class path and module flags), to its exit. */
    private Cli cli(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("-Dio.netty.")
                        || a.startsWith("-XX:+IgnoreUnrecognized"))
                .forEach(cmd::add);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("adiv.cli.Main");
        cmd.addAll(args);
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("adiv " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Cli(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
