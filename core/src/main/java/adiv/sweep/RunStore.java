package adiv.sweep;

import adiv.probe.ProbeRecord;
import adiv.train.EpochResult;
import adiv.train.RunResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SQLite file per sweep directory (results.sqlite) holding the sweep's spec, one row per run
 * (configuration, hash, status, seed, timings, machine, adiv version), every epoch's metrics and the
 * probe's records.
 *
 * <p>Crash-safe: a run's results are written in one transaction together with its status, so a run
 * is either finished with all its epochs or not at all; the journal is synchronous. A process killed
 * at any moment (kill -9 included) leaves runs marked running, which the next {@link #open} puts back
 * in the queue, so they continue from their last checkpoint ({@link #checkpoint}, beside the store);
 * finished runs are kept and never run again, and a configuration is stored once however often it
 * is planned. Each run records its attempts, its last error, and the build and machine that trained
 * it ({@link Provenance}). One process at a time: a second one
 * opening the same directory is refused (an operating-system lock, released even on kill -9).
 */
public final class RunStore implements AutoCloseable {

    /** The database's file name inside a sweep directory. */
    public static final String FILE = "results.sqlite";

    private static final String SCHEMA =
            "CREATE TABLE IF NOT EXISTS spec (id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL,"
                    + " saved TEXT NOT NULL);"
                    + "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
                    + " config TEXT NOT NULL, status TEXT NOT NULL, seed INTEGER NOT NULL, queued TEXT,"
                    + " started TEXT, finished TEXT, seconds REAL, machine TEXT, version TEXT, error TEXT,"
                    + " attempts INTEGER NOT NULL DEFAULT 0, commit_id TEXT, djl TEXT, libtorch TEXT, cpu TEXT,"
                    + " threads INTEGER, stopped TEXT, kernels TEXT, plugins TEXT);"
                    + "CREATE TABLE IF NOT EXISTS epochs (run_id INTEGER NOT NULL REFERENCES runs(id),"
                    + " epoch INTEGER NOT NULL, train_loss REAL, test_loss REAL, test_acc REAL,"
                    + " seconds REAL, val_loss REAL, val_acc REAL, PRIMARY KEY (run_id, epoch));"
                    + "CREATE TABLE IF NOT EXISTS probes (run_id INTEGER NOT NULL REFERENCES runs(id),"
                    + " step INTEGER NOT NULL, layer INTEGER NOT NULL, map TEXT, batch INTEGER,"
                    + " ratio_mean REAL, predicted_ratio_mean REAL, ratio_cv REAL, corr_ratio_norm REAL,"
                    + " cosine_mean REAL, interference_actual REAL, interference_kernel REAL,"
                    + " interference_patch REAL, interference_sample REAL, predicted_ratio_cv REAL,"
                    + " ratio_spread REAL, PRIMARY KEY (run_id, step, layer, map));";

    /** Columns added after the first release (table, column, type): added to older stores on open. */
    private static final String[][] ADDED_COLUMNS = {
        {"probes", "interference_patch", "REAL"}, {"probes", "interference_sample", "REAL"},
        {"runs", "commit_id", "TEXT"}, {"runs", "djl", "TEXT"}, {"runs", "libtorch", "TEXT"},
        {"runs", "cpu", "TEXT"}, {"runs", "threads", "INTEGER"}, {"runs", "stopped", "TEXT"},
        {"epochs", "val_loss", "REAL"}, {"epochs", "val_acc", "REAL"}, {"probes", "predicted_ratio_cv", "REAL"},
        {"runs", "kernels", "TEXT"}, {"probes", "ratio_spread", "REAL"}, {"runs", "plugins", "TEXT"}};

    /** The folder beside the store where runs in flight keep their checkpoints. */
    public static final String CHECKPOINTS = "checkpoints";

    private final Path dir;
    private final Connection db;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunStore(Path dir, Connection db, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.db = db;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Whether a process has the sweep directory's store open (a sweep is running there). */
    public static boolean inUse(Path dir) {
        Path lockFile = dir.resolve(FILE + ".lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this process holds it
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens a sweep directory's store to read it, while a sweep may be writing it: no lock taken,
     * nothing changed (runs another process is training show as running).
     *
     * <p>The store is in WAL mode, and a connection opened read-only to such a database creates its
     * write-ahead log and shared-memory index (results.sqlite-wal, -shm) but may not remove them when
     * it closes: every {@code adiv status} or {@code adiv compare} would leave them beside a store that
     * its sweep had closed cleanly. So where the store may be written, the reader's connection is a
     * read-write one refused every change ({@code PRAGMA query_only}): closed last, it folds the log
     * into the file and removes both, as the sweep's own connection does. Only a store this process
     * may not write is opened read-only.
     *
     * @throws StoreException when there is no store there, or it cannot be read
     */
    public static RunStore read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": not found (no sweep has run into " + dir + ")", null);
        }
        boolean writable = Files.isWritable(file) && Files.isWritable(file.toAbsolutePath().getParent());
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(!writable);
            config.setBusyTimeout(10_000);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            if (writable) {
                try (Statement st = db.createStatement()) {
                    st.execute("PRAGMA query_only=1"); // reading: any change is refused
                } catch (SQLException e) {
                    db.close();
                    throw e;
                }
            }
            return new RunStore(dir, db, null, null);
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating if needed) the store of a sweep directory, and puts runs that a killed
     * process left running back in the queue.
     *
     * @throws StoreException when another process has it open, or it cannot be opened
     */
    public static RunStore open(Path dir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            Path lockFile = dir.resolve(FILE + ".lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StoreException(
                        dir.resolve(FILE) + " is in use by another adiv process; wait for it to"
                                + " finish (or stop it) and run again: finished runs are kept");
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE));
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.executeUpdate(SCHEMA);
                addMissingColumns(st);
                keyProbesByMap(st);
            }
            RunStore store = new RunStore(dir, db, channel, lock);
            store.requeueInterrupted();
            return store;
        } catch (IOException | SQLException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new StoreException(dir.resolve(FILE) + ": cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void addMissingColumns(Statement st) throws SQLException {
        java.util.Set<String> present = new java.util.HashSet<>();
        for (String table : new String[] {"runs", "epochs", "probes"}) {
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rs.next()) {
                    present.add(table + "." + rs.getString("name"));
                }
            }
        }
        for (String[] column : ADDED_COLUMNS) {
            if (!present.contains(column[0] + "." + column[1])) {
                st.execute("ALTER TABLE " + column[0] + " ADD COLUMN " + column[1] + " " + column[2]);
            }
        }
    }

    /**
     * Stores made before a residual block's record was kept beside its map's keyed the probe records
     * by run, step and layer only: a block's record (at its map's layer) replaced the map's. Their
     * table is rebuilt with the map in the key, every record kept, in one transaction.
     */
    private static void keyProbesByMap(Statement st) throws SQLException {
        List<String> columns = new ArrayList<>();
        boolean keyed = false;
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(probes)")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
                keyed |= rs.getString("name").equals("map") && rs.getInt("pk") > 0;
            }
        }
        if (keyed) {
            return;
        }
        String names = String.join(", ", columns);
        st.execute("BEGIN IMMEDIATE");
        try {
            st.execute("ALTER TABLE probes RENAME TO probes_keyed_by_layer");
            st.executeUpdate(SCHEMA);
            addMissingColumns(st);
            st.execute("INSERT INTO probes (" + names + ") SELECT " + names + " FROM probes_keyed_by_layer");
            st.execute("DROP TABLE probes_keyed_by_layer");
            st.execute("COMMIT");
        } catch (SQLException e) {
            st.execute("ROLLBACK");
            throw e;
        }
    }

    /** The sweep directory. */
    public Path dir() {
        return dir;
    }

    /** Stores the sweep's spec (replacing an earlier one). */
    public void saveSpec(String text) {
        update("INSERT INTO spec (id, text, saved) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                + " text = excluded.text, saved = excluded.saved", text, now());
    }

    /** The stored spec, or null. */
    public String spec() {
        List<Map<String, Object>> rows = query("SELECT text FROM spec WHERE id = 1");
        return rows.isEmpty() ? null : (String) rows.get(0).get("text");
    }

    /**
     * Plans a run: stores it as queued unless the same configuration is already stored (in which
     * case nothing changes, whatever its status).
     *
     * @param canonicalConfig the configuration as canonical JSON (sorted keys)
     * @param seed the run's seed
     * @return the run as stored
     */
    public StoredRun plan(String canonicalConfig, long seed) {
        String hash = sha256(canonicalConfig);
        update("INSERT INTO runs (hash, config, status, seed, queued) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT(hash) DO NOTHING", hash, canonicalConfig, StoredRun.QUEUED, seed, now());
        return run(hash);
    }

    /** The run with this configuration hash, or null. */
    public StoredRun run(String hash) {
        List<StoredRun> runs = runs("WHERE hash = ?", hash);
        return runs.isEmpty() ? null : runs.get(0);
    }

    /** All runs, in the order they were planned. */
    public List<StoredRun> runs() {
        return runs("");
    }

    /** The runs still to do (queued), in the order they were planned. */
    public List<StoredRun> pending() {
        return runs("WHERE status = ?", StoredRun.QUEUED);
    }

    /**
     * Marks a run as running on this machine, counting the start as an attempt.
     *
     * @return the run's attempts, this one included
     */
    public int start(long id, String machine, String version) {
        return start(id, machine, version, null);
    }

    /**
     * Marks a run as running on this machine, counting the start as an attempt, and records the
     * plug-in jars its method is built from.
     *
     * @param plugins each jar as "NAME sha256:HEX", comma-separated; "" for adiv's own methods; null
     *     leaves what is recorded
     * @return the run's attempts, this one included
     */
    public int start(long id, String machine, String version, String plugins) {
        update("UPDATE runs SET status = ?, started = ?, machine = ?, version = ?, attempts ="
                + " attempts + 1, plugins = COALESCE(?, plugins) WHERE id = ?", StoredRun.RUNNING, now(), machine, version,
                plugins, id);
        return ((Number) query("SELECT attempts FROM runs WHERE id = ?", id).get(0).get("attempts")).intValue();
    }

    /**
     * The plug-in jars each run was started with (id → "NAME sha256:HEX, ..."; "" for adiv's own
     * methods), for the runs that recorded them and have something to lose: finished, or begun (an
     * attempt counted, or a checkpoint).
     */
    public Map<Long, String> recordedPlugins() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT id, hash, status, attempts, plugins FROM runs WHERE plugins IS NOT NULL"
                + " ORDER BY id")) {
            long id = ((Number) r.get("id")).longValue();
            boolean begun = !StoredRun.QUEUED.equals(r.get("status")) || ((Number) r.get("attempts")).intValue() > 0
                    || Files.exists(dir.resolve(CHECKPOINTS).resolve(r.get("hash") + ".ckpt"));
            if (begun) {
                m.put(id, (String) r.get("plugins"));
            }
        }
        return m;
    }

    /**
     * Puts runs back in the queue as if never run: their epochs, probe records, checkpoints,
     * attempts and recorded jars gone (a method whose jar changed trains them afresh).
     */
    public void requeueAfresh(java.util.Collection<Long> ids) {
        transaction(() -> {
            for (long id : ids) {
                update("DELETE FROM epochs WHERE run_id = ?", id);
                update("DELETE FROM probes WHERE run_id = ?", id);
                update("UPDATE runs SET status = ?, started = NULL, finished = NULL, seconds = NULL, error = NULL,"
                        + " stopped = NULL, attempts = 0, plugins = NULL WHERE id = ?", StoredRun.QUEUED, id);
            }
        });
        for (long id : ids) {
            List<StoredRun> r = runs("WHERE id = ?", id);
            if (!r.isEmpty()) {
                try {
                    Files.deleteIfExists(checkpoint(r.get(0)));
                } catch (java.io.IOException e) {
                    throw new StoreException(checkpoint(r.get(0)) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Where a run keeps its checkpoint while it is in flight (next to the store, by its hash). */
    public Path checkpoint(StoredRun run) {
        return dir.resolve(CHECKPOINTS).resolve(run.hash() + ".ckpt");
    }

    /**
     * Stores a run's results and its final status, all in one transaction.
     *
     * @param id the run
     * @param result its epochs and status (done or diverged)
     * @param probes the probe's records (may be empty)
     * @param seconds the run's wall time
     * @param provenance the build and machine that trained it (null when not known)
     */
    public void finish(long id, RunResult result, List<ProbeRecord> probes, double seconds, Provenance provenance) {
        transaction(() -> {
            try (PreparedStatement ep = db.prepareStatement(
                            "INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, test_loss, test_acc,"
                                    + " seconds, val_loss, val_acc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement pr = db.prepareStatement(
                            "INSERT OR REPLACE INTO probes (run_id, step, layer, map, batch, ratio_mean,"
                                    + " predicted_ratio_mean, ratio_cv, corr_ratio_norm, cosine_mean,"
                                    + " interference_actual, interference_kernel, interference_patch,"
                                    + " interference_sample, predicted_ratio_cv, ratio_spread) VALUES (?, ?, ?, ?, ?, ?, ?,"
                                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (EpochResult e : result.epochs()) {
                    bind(ep, id, e.epoch(), finite(e.trainLoss()), finite(e.testLoss()),
                            finite(e.testAcc()), e.seconds(), finite(e.valLoss()), finite(e.valAcc()));
                    ep.addBatch();
                }
                ep.executeBatch();
                for (ProbeRecord r : probes) {
                    bind(pr, id, r.step(), r.layer(), r.map(), r.batch(), finite(r.ratioMean()),
                            r.predictedRatioMean(), finite(r.ratioCv()), r.corrRatioNorm(),
                            finite(r.cosineMean()), r.interferenceActual(), r.interferenceKernel(),
                            r.interferencePatch(), r.interferenceSample(), r.predictedRatioCv(),
                            finite(r.ratioSpread()));
                    pr.addBatch();
                }
                pr.executeBatch();
            }
            String status = RunResult.DIVERGED.equals(result.status()) ? StoredRun.DIVERGED : StoredRun.DONE;
            update("UPDATE runs SET status = ?, finished = ?, seconds = ?, error = NULL, stopped = ? WHERE id = ?",
                    status, now(), seconds, result.stopped(), id);
            if (provenance != null) {
                update("UPDATE runs SET version = ?, commit_id = ?, djl = ?, libtorch = ?, cpu = ?, threads = ?,"
                        + " kernels = ? WHERE id = ?", provenance.adiv(), provenance.commit(), provenance.djl(),
                        provenance.libtorch(), provenance.cpu(), provenance.threads(), provenance.kernels(), id);
            }
        });
    }

    /** Marks a run as failed (an error that is not a divergence), keeping the message. */
    public void fail(long id, String error) {
        update("UPDATE runs SET status = ?, finished = ?, error = ? WHERE id = ?",
                StoredRun.FAILED, now(), error, id);
    }

    /** The stored epochs of a run, as column → value maps. */
    public List<Map<String, Object>> epochs(long id) {
        return query("SELECT epoch, train_loss, test_loss, test_acc, seconds, val_loss, val_acc FROM epochs WHERE run_id"
                + " = ? ORDER BY epoch", id);
    }

    /** Why a finished run stopped (stagnated, max_epochs, diverged), or null when not recorded. */
    public String stopped(long id) {
        List<Map<String, Object>> rows = query("SELECT stopped FROM runs WHERE id = ?", id);
        return rows.isEmpty() ? null : (String) rows.get(0).get("stopped");
    }

    /**
     * The stored probe records of a run, as column → value maps, by step then layer (a residual block's
     * record after its map's).
     */
    public List<Map<String, Object>> probes(long id) {
        return query("SELECT step, layer, map, batch, ratio_mean, predicted_ratio_mean, ratio_cv,"
                + " corr_ratio_norm, cosine_mean, interference_actual, interference_kernel,"
                + " interference_patch, interference_sample, predicted_ratio_cv, ratio_spread FROM probes"
                + " WHERE run_id = ? ORDER BY step, layer, map = 'block', map", id);
    }

    /** How many runs have each status. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map<String, Object> row : query("SELECT status, COUNT(*) AS n FROM runs GROUP BY status")) {
            counts.put((String) row.get("status"), ((Number) row.get("n")).intValue());
        }
        return counts;
    }

    /**
     * Puts a run back in the queue, without partial results.
     *
     * @param giveBack whether its last start does not count as an attempt (the sweep was stopped,
     *     or its machines went away: not the run's fault)
     */
    public void requeue(long id, boolean giveBack) {
        transaction(() -> {
            update("DELETE FROM epochs WHERE run_id = ?", id);
            update("DELETE FROM probes WHERE run_id = ?", id);
            update("UPDATE runs SET status = ?, started = NULL, attempts = MAX(0, attempts - ?) WHERE id = ?",
                    StoredRun.QUEUED, giveBack ? 1 : 0, id);
        });
    }

    /**
     * Puts failed runs back in the queue: those with attempts left, or with {@code reset} every one,
     * its attempts counted afresh.
     *
     * @param ids the runs to consider (a sweep's own)
     * @return how many went back in the queue
     */
    public int requeueFailed(java.util.Collection<Long> ids, int maxAttempts, boolean reset) {
        int[] n = {0};
        transaction(() -> {
            for (StoredRun r : runs("WHERE status = ?", StoredRun.FAILED)) {
                if (ids.contains(r.id()) && (reset || r.attempts() < maxAttempts)) {
                    update("UPDATE runs SET status = ?, started = NULL, finished = NULL, attempts = ? WHERE id = ?",
                            StoredRun.QUEUED, reset ? 0 : r.attempts(), r.id());
                    update("DELETE FROM epochs WHERE run_id = ?", r.id());
                    update("DELETE FROM probes WHERE run_id = ?", r.id());
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    /** The failed runs with their attempts and errors, as column → value maps. */
    public List<Map<String, Object>> failures() {
        return query("SELECT id, config, attempts, error, finished FROM runs WHERE status = ? ORDER BY id", StoredRun.FAILED);
    }

    /** Every finished run's provenance (build and machine), as column → value maps. */
    public List<Map<String, Object>> provenance() {
        return query("SELECT id, version AS adiv, commit_id AS \"commit\", djl, libtorch, cpu, threads, kernels, plugins,"
                + " json_extract(config, '$.method') AS method FROM runs"
                + " WHERE status IN (?, ?) ORDER BY id", StoredRun.DONE, StoredRun.DIVERGED);
    }

    /**
     * Runs left running by a killed process go back in the queue, without partial results (their
     * checkpoints stay: they continue from there). The interrupted start does not count as an
     * attempt: the sweep was stopped, the run did not fail.
     */
    private void requeueInterrupted() {
        transaction(() -> {
            update("DELETE FROM epochs WHERE run_id IN (SELECT id FROM runs WHERE status = ?)", StoredRun.RUNNING);
            update("DELETE FROM probes WHERE run_id IN (SELECT id FROM runs WHERE status = ?)", StoredRun.RUNNING);
            update("UPDATE runs SET status = ?, started = NULL, attempts = MAX(0, attempts - 1) WHERE status = ?",
                    StoredRun.QUEUED, StoredRun.RUNNING);
        });
    }

    private List<StoredRun> runs(String where, Object... args) {
        List<StoredRun> runs = new ArrayList<>();
        for (Map<String, Object> r : query("SELECT id, hash, config, status, seed, attempts FROM runs " + where
                + " ORDER BY id", args)) {
            runs.add(new StoredRun(((Number) r.get("id")).longValue(), (String) r.get("hash"),
                    (String) r.get("config"), (String) r.get("status"), ((Number) r.get("seed")).longValue(),
                    ((Number) r.get("attempts")).intValue()));
        }
        return runs;
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void transaction(Work work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> query(String sql, Object... args) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            bind(st, args);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            st.setObject(i + 1, v instanceof Double d && !Double.isFinite(d) ? null : v); // SQLite has no NaN
        }
    }

    /** SQLite has no NaN: a value that is not finite is stored as NULL. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String now() {
        return Instant.now().toString();
    }

    /** SHA-256 of a string, lower-case hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                    lockChannel.close();
                }
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }
}
