package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.probe.ProbeRecord;
import adiv.train.EpochResult;
import adiv.train.RunResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store: one row per configuration, atomic results, one process at a time, kill -9. */
class RunStoreTest {

    @TempDir Path dir;

    private static RunResult result(String status, double... accs) {
        List<EpochResult> epochs = new java.util.ArrayList<>();
        for (int i = 0; i < accs.length; i++) {
            epochs.add(new EpochResult(i + 1, 1.0 / (i + 1), 0.9 / (i + 1), accs[i], 0.5));
        }
        return new RunResult(status, epochs);
    }

    @Test
    void aConfigurationIsStoredOnceHoweverOftenItIsPlanned() {
        try (RunStore store = RunStore.open(dir)) {
            StoredRun a = store.plan("{\"map\":\"affine\",\"seed\":1}", 1);
            StoredRun again = store.plan("{\"map\":\"affine\",\"seed\":1}", 1);
            store.plan("{\"map\":\"affine\",\"seed\":2}", 2);
            assertEquals(a.id(), again.id());
            assertEquals(2, store.runs().size());
            assertEquals(Map.of(StoredRun.QUEUED, 2), store.counts());
        }
    }

    @Test
    void finishStoresEveryEpochAndTheStatusTogether() {
        try (RunStore store = RunStore.open(dir)) {
            store.saveSpec("name: t");
            StoredRun run = store.plan("{}", 7);
            store.start(run.id(), "here", "dev");
            ProbeRecord probe = ProbeRecord.of(new ProbeRecord.Site(1, 1, "affine", 8), new ProbeRecord.Ratio(3.0, 0.2, 0.15, 0.5),
                    new ProbeRecord.Predicted(3.1, null), 0.99, new ProbeRecord.Interference(1.0, 1.1, null, 1.1));
            store.finish(run.id(), result(RunResult.DONE, 0.5, 0.7), List.of(probe), 2.5, null);
            List<Map<String, Object>> epochs = store.epochs(run.id());
            assertEquals(2, epochs.size());
            assertEquals(0.7, ((Number) epochs.get(1).get("test_acc")).doubleValue(), 0);
            assertEquals(StoredRun.DONE, store.run(run.hash()).status());
            assertTrue(store.pending().isEmpty());
            assertEquals("name: t", store.spec());

            StoredRun bad = store.plan("{\"lr\":1e9}", 1);
            store.start(bad.id(), "here", "dev");
            store.finish(bad.id(), result(RunResult.DIVERGED, Double.NaN), List.of(), 0.1, null);
            assertNull(store.epochs(bad.id()).get(0).get("test_acc"), "NaN is stored as NULL");
            assertEquals(StoredRun.DIVERGED, store.run(bad.hash()).status());
        }
    }

    @Test
    void aRequeuedRunIsPendingAgainWithoutItsRows() {
        try (RunStore store = RunStore.open(dir)) {
            StoredRun run = store.plan("{}", 7);
            store.start(run.id(), "here", "dev");
            store.finish(run.id(), result(RunResult.DONE, 0.5), List.of(), 1, null);
            store.requeue(run.id(), false);
            assertEquals(List.of(run.id()), store.pending().stream().map(StoredRun::id).toList());
            assertTrue(store.epochs(run.id()).isEmpty());
        }
    }

    @Test
    void aComparisonTellsDriftedNumbersFromMissingRuns() {
        try (RunStore a = RunStore.open(dir.resolve("a"));
                RunStore b = RunStore.open(dir.resolve("b"))) {
            for (RunStore s : List.of(a, b)) {
                for (String config : List.of("{\"seed\":1}", "{\"seed\":2}")) {
                    StoredRun r = s.plan(config, 1);
                    s.start(r.id(), "here", "dev");
                    double acc = s == b && config.contains("2") ? 0.71 : 0.7; // run 2 drifted in b
                    s.finish(r.id(), result(RunResult.DONE, 0.5, acc), List.of(), 1, null);
                }
            }
            StoreComparison drift = StoreComparison.of(a, b, 0);
            assertEquals(2, drift.compared());
            assertEquals(1, drift.drifted());
            assertTrue(!drift.structural() && !drift.same(), drift.differences().toString());
            assertTrue(StoreComparison.of(a, b, 0.02).same(), "within a 2% tolerance");
            a.plan("{\"seed\":3}", 3);
            StoreComparison missing = StoreComparison.of(a, b, 0);
            assertTrue(missing.structural(), missing.differences().toString());
        }
    }

    /** The store's write-ahead log and shared-memory index, where any is beside it. */
    private List<String> walFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals(RunStore.FILE + "-wal") || n.equals(RunStore.FILE + "-shm")).sorted().toList();
        }
    }

    @Test
    void aClosedStoreIsOneFileAndReadingItLeavesItSo() throws Exception {
        try (RunStore store = RunStore.open(dir)) {
            StoredRun run = store.plan("{}", 7);
            store.start(run.id(), "here", "dev");
            store.finish(run.id(), result(RunResult.DONE, 0.5), List.of(), 1, null);
            assertEquals(List.of(RunStore.FILE + "-shm", RunStore.FILE + "-wal"), walFiles(), "WAL mode while open");
        }
        assertEquals(List.of(), walFiles(), "the sweep's close folds the log into the file");
        try (RunStore read = RunStore.read(dir)) {
            assertEquals(Map.of(StoredRun.DONE, 1), read.counts());
            StoreException e = assertThrows(StoreException.class, () -> read.plan("{\"seed\":2}", 2));
            assertTrue(e.getMessage().contains("readonly"), e.getMessage());
        }
        assertEquals(List.of(), walFiles(), "a reader (adiv status, compare, a dry run) leaves no -wal or -shm behind");
        // A reader open while the sweep closes is the last to close: it cleans up.
        RunStore writer = RunStore.open(dir);
        RunStore reader = RunStore.read(dir);
        writer.plan("{\"seed\":3}", 3);
        writer.close();
        assertEquals(2, reader.runs().size(), "the reader sees what the sweep wrote");
        reader.close();
        assertEquals(List.of(), walFiles());
        try (RunStore again = RunStore.read(dir)) {
            assertEquals(2, again.runs().size(), "nothing was lost with the log");
        }
    }

    @Test
    void aSecondOpenIsRefusedWithAClearMessage() {
        try (RunStore first = RunStore.open(dir)) {
            StoreException e = assertThrows(StoreException.class, () -> RunStore.open(dir));
            assertTrue(e.getMessage().contains("in use by another adiv process"), e.getMessage());
        }
        try (RunStore again = RunStore.open(dir)) {
            assertEquals(0, again.runs().size());
        }
    }

    @Test
    void killedWithSigkillMidRunItResumesWithoutLosingOrRepeatingRuns() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child =
                new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                CrashingSweep.class.getName(), dir.toString())
                        .redirectErrorStream(true)
                        .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // skip anything the JVM or libraries print first
            }
            assertEquals("READY", line, "the child process did not get to its second run");
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        try (RunStore store = RunStore.open(dir)) {
            List<StoredRun> runs = store.runs();
            assertEquals(3, runs.size());
            assertEquals(StoredRun.DONE, runs.get(0).status());
            assertEquals(1, store.epochs(runs.get(0).id()).size(), "the finished run keeps its epochs");
            assertEquals(StoredRun.QUEUED, runs.get(1).status(), "the interrupted run goes back in the queue");
            assertEquals(0, store.epochs(runs.get(1).id()).size());
            assertEquals(2, store.pending().size());
            // Planning the same sweep again adds nothing and reruns nothing that finished.
            store.plan("{\"run\":1}", 1);
            store.plan("{\"run\":2}", 2);
            store.plan("{\"run\":3}", 3);
            assertEquals(3, store.runs().size());
            assertEquals(Map.of(StoredRun.DONE, 1, StoredRun.QUEUED, 2), store.counts());
        }
    }

    private static ProbeRecord probe(int layer, String map, double spread) {
        return ProbeRecord.of(new ProbeRecord.Site(200, layer, map, 128), new ProbeRecord.Ratio(2.0, 0.1, spread, null),
                "block".equals(map) ? new ProbeRecord.Predicted(null, null) : new ProbeRecord.Predicted(2.0, null), 0.9,
                new ProbeRecord.Interference(null, null, null, null));
    }

    @Test
    void aResidualBlocksRecordIsKeptBesideItsMapsAtTheSameLayer() {
        try (RunStore store = RunStore.open(dir)) {
            StoredRun run = store.plan("{}", 1);
            store.start(run.id(), "here", "dev");
            store.finish(run.id(), result(RunResult.DONE, 0.5), List.of(probe(1, "affine", 0.3), probe(2, "block", 0.7),
                    probe(2, "affine-like", 0.2)), 1, null);
            List<Map<String, Object>> rows = store.probes(run.id());
            assertEquals(List.of("affine", "affine-like", "block"), rows.stream().map(r -> (String) r.get("map")).toList(),
                    "by layer, a block's record after its map's");
            assertEquals(0.2, ((Number) rows.get(1).get("ratio_spread")).doubleValue(), 0);
            assertEquals(0.7, ((Number) rows.get(2).get("ratio_spread")).doubleValue(), 0);
        }
    }

    @Test
    void aStoreKeyedByLayerOnlyIsRekeyedOnOpenWithEveryRecordKept() throws Exception {
        java.nio.file.Files.createDirectories(dir);
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunStore.FILE));
                java.sql.Statement st = db.createStatement()) {
            st.executeUpdate("CREATE TABLE runs (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, config TEXT NOT NULL,"
                    + " status TEXT NOT NULL, seed INTEGER NOT NULL, queued TEXT, started TEXT, finished TEXT, seconds REAL,"
                    + " machine TEXT, version TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0);"
                    + "CREATE TABLE probes (run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL,"
                    + " layer INTEGER NOT NULL, map TEXT, batch INTEGER, ratio_mean REAL, predicted_ratio_mean REAL,"
                    + " ratio_cv REAL, corr_ratio_norm REAL, cosine_mean REAL, interference_actual REAL,"
                    + " interference_kernel REAL, PRIMARY KEY (run_id, step, layer));"
                    + "INSERT INTO runs (id, hash, config, status, seed) VALUES (1, 'h', '{}', 'done', 1);"
                    + "INSERT INTO probes (run_id, step, layer, map, batch, ratio_mean) VALUES (1, 10, 1, 'affine', 8, 2.5);"
                    + "INSERT INTO probes (run_id, step, layer, map, batch, ratio_mean) VALUES (1, 10, 2, 'affine', 8, 3.5);");
        }
        try (RunStore store = RunStore.open(dir)) {
            List<Map<String, Object>> rows = store.probes(1);
            assertEquals(2, rows.size());
            assertEquals(3.5, ((Number) rows.get(1).get("ratio_mean")).doubleValue(), 0);
            store.finish(1, result(RunResult.DONE, 0.5), List.of(probe(2, "affine", 0.2), probe(2, "block", 0.4)), 1, null);
            assertEquals(List.of("10/1/affine", "10/2/affine", "200/2/affine", "200/2/block"), store.probes(1).stream()
                    .map(r -> r.get("step") + "/" + r.get("layer") + "/" + r.get("map")).toList(),
                    "the old records kept, and a block's record no longer takes its map's place");
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunStore.FILE));
                java.sql.Statement st = db.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE name = 'probes_keyed_by_layer'")) {
            assertTrue(!rs.next(), "the old table is gone");
        }
    }
}
