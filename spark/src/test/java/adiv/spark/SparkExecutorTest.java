package adiv.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.DatasetName;
import adiv.data.TestFiles;
import adiv.sweep.LocalExecutor;
import adiv.sweep.ProcessExecutor;
import adiv.sweep.RunStore;
import adiv.sweep.StoreComparison;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepSpec;
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
            assertEquals(8, spark.run(spec, store, SweepControl.of(listener, l -> {})));
            assertEquals(Map.of(StoredRun.DONE, 8), store.counts());
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
}
