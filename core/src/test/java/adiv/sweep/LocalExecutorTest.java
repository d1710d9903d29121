package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.DatasetName;
import adiv.data.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small sweep run into a store, and run again: finished runs are kept and not repeated. */
class LocalExecutorTest {

    @TempDir Path dir;

    @Test
    void runsEveryPlannedRunOnceAndResumesWithNothingLeft() throws Exception {
        Path data = dir.resolve("data");
        TestFiles.idxDataset(data, 120, 40, 4, 4, true);
        String yaml = "dataset: mnist\nepochs: 1\nwidth: 8\ndepth: 1\nbatch: 20\nprobe_every: 3\n"
                + "seeds: [1, 2]\ngrid:\n  method: [affine, affine-like]\n";
        SweepSpec spec = SweepSpec.parse(yaml, "small.yaml");
        LocalExecutor executor = new LocalExecutor(Map.of(DatasetName.MNIST, data), "test machine", "dev");
        List<String> finished = new ArrayList<>();
        LocalExecutor.Listener listener = new LocalExecutor.Listener() {
            @Override
            public void runFinished(RunSettings run, String status, int done, int total) {
                finished.add(run.method() + ":" + status + ":" + done + "/" + total);
            }
        };
        Path out = dir.resolve("sweep");
        try (RunStore store = RunStore.open(out)) {
            assertEquals(4, executor.run(spec, store, SweepControl.of(listener, line -> {})));
            assertEquals(Map.of(StoredRun.DONE, 4), store.counts());
            for (StoredRun r : store.runs()) {
                assertEquals(1, store.epochs(r.id()).size());
            }
            assertEquals(yaml, store.spec());
            // probe_every: 3 with 6 steps per epoch probes steps 1 and 4 on both layers
            assertEquals(4, store.probes(store.runs().get(0).id()).size());
            adiv.report.Report.Written w =
                    new adiv.report.Report(adiv.report.Results.of(store), "t").write(out);
            assertTrue(java.nio.file.Files.exists(out.resolve("figure-probe-kernel.svg")));
            assertTrue(java.nio.file.Files.readString(w.html()).contains("<svg"));
        }
        assertEquals("affine-like:done:4/4", finished.get(3));
        try (RunStore store = RunStore.open(out)) {
            assertEquals(0, executor.run(spec, store, SweepControl.of(listener, line -> {})), "nothing is run twice");
            assertEquals(4, store.runs().size());
        }
    }

    @Test
    void aConvolutionalSweepProbesItsConvolutionsAndReportsTheirInterference() throws Exception {
        Path data = dir.resolve("data");
        TestFiles.idxDataset(data, 60, 20, 8, 8, true);
        String yaml = "model: cnn\ndataset: mnist\nepochs: 1\nwidth: 3\ndepth: 2\nbatch: 20\nprobe_every: 2\n"
                + "grid:\n  method: [batchnorm, patchnorm-affine-like]\n";
        LocalExecutor executor = new LocalExecutor(Map.of(DatasetName.MNIST, data), "m", "dev");
        Path out = dir.resolve("cnn");
        try (RunStore store = RunStore.open(out)) {
            assertEquals(2, executor.run(SweepSpec.parse(yaml, "cnn.yaml"), store, SweepControl.of(new LocalExecutor.Listener() {}, line -> {})));
            assertEquals(Map.of(StoredRun.DONE, 2), store.counts());
            for (StoredRun r : store.runs()) {
                List<Map<String, Object>> probes = store.probes(r.id());
                assertEquals(2 * 3, probes.size(), "steps 1 and 3 on two convolutions and the head");
                for (Map<String, Object> p : probes) {
                    boolean conv = ((Number) p.get("layer")).intValue() <= 2;
                    assertEquals(conv, p.get("interference_patch") != null, p.toString());
                    assertTrue(p.get("interference_sample") instanceof Number, p.toString());
                }
            }
            adiv.report.Report.Written w = new adiv.report.Report(adiv.report.Results.of(store), "t").write(out);
            assertTrue(java.nio.file.Files.exists(out.resolve("figure-probe-conv-interference.svg")));
            assertTrue(java.nio.file.Files.readString(w.markdown()).contains("Where a convolution's update goes"));
        }
    }

    @Test
    void aRunThatFailsIsRecordedAndTheOthersGoOn() throws Exception {
        Path data = dir.resolve("data");
        TestFiles.idxDataset(data, 60, 20, 4, 4, false);
        // Batch norm in training refuses batches of one value per feature: batch 1 fails the run.
        String yaml = "dataset: mnist\nepochs: 1\nwidth: 4\ndepth: 1\nbatch: 1\ngrid:\n  method: [batchnorm, affine]\n";
        LocalExecutor executor = new LocalExecutor(Map.of(DatasetName.MNIST, data), "m", "dev");
        List<String> log = new ArrayList<>();
        try (RunStore store = RunStore.open(dir.resolve("s"))) {
            executor.run(SweepSpec.parse(yaml, "f.yaml"), store, SweepControl.of(new LocalExecutor.Listener() {}, log::add));
            assertEquals(Map.of(StoredRun.FAILED, 1, StoredRun.DONE, 1), store.counts());
        }
        assertFalse(log.isEmpty());
        assertTrue(log.get(0).contains("more than one value per feature"), log.get(0));
    }
}
