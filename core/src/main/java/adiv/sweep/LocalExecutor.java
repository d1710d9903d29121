package adiv.sweep;

import adiv.data.DatasetName;
import adiv.train.CheckpointFile;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a sweep's pending runs one after another in this process, writing each into the run store
 * as it finishes; each data set is loaded once for the whole sweep. What runs is the spec's business;
 * where it runs is the executor's, so that another executor can take the same store. In this
 * process a crash of one run ends the sweep and a run cannot be timed out: {@link ProcessExecutor}
 * isolates them, and the command line uses it.
 */
public final class LocalExecutor implements SweepExecutor {

    /** Hears about a sweep's progress. */
    public interface Listener {
        /**
         * The sweep begins: these runs are pending, {@code done} of {@code total} are finished, and
         * {@code places} train at once.
         */
        default void planned(List<RunSettings> pending, int done, int total, int places) {}

        /** A run is about to start; {@code done} runs of {@code total} are finished. */
        default void runStarting(RunSettings run, int done, int total) {}

        /** A run in flight finished an epoch. */
        default void epochEnded(RunSettings run, long runId, RunProgress progress) {}

        /** A run finished with this status. */
        default void runFinished(RunSettings run, String status, int done, int total) {}
    }

    /** A sweep planned into its store: every run by hash, and the ones still to run. */
    public record Plan(Map<String, RunSettings> byHash, List<StoredRun> pending) {
        public int total() {
            return byHash.size();
        }
    }

    /**
     * Stores the spec and plans every run (a configuration already stored is kept as it is); puts the
     * sweep's failed runs that the retry policy allows back in the queue, and deletes the checkpoints
     * of runs that are no longer in flight.
     */
    public static Plan plan(SweepSpec spec, RunStore store, RetryPolicy retries) {
        store.saveSpec(spec.text());
        Map<String, RunSettings> byHash = new HashMap<>();
        Set<Long> ids = new HashSet<>();
        for (RunSettings r : spec.runs()) {
            StoredRun stored = store.plan(r.canonical(), r.trainConfig().seed());
            byHash.put(stored.hash(), r);
            ids.add(stored.id());
        }
        store.requeueFailed(ids, retries.maxAttempts(), retries.retryFailed());
        dropStaleCheckpoints(store);
        return new Plan(byHash, store.pending().stream().filter(p -> byHash.containsKey(p.hash())).toList());
    }

    /** As {@link #plan(SweepSpec, RunStore, RetryPolicy)} with the default policy. */
    public static Plan plan(SweepSpec spec, RunStore store) {
        return plan(spec, store, RetryPolicy.DEFAULT);
    }

    /** Checkpoints are kept for queued runs only (a run that finished, or was failed, starts over). */
    private static void dropStaleCheckpoints(RunStore store) {
        Path dir = store.dir().resolve(RunStore.CHECKPOINTS);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        store.pending().forEach(r -> keep.add(store.checkpoint(r)));
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!keep.contains(f)) {
                    CheckpointFile.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    private final Map<DatasetName, Path> dataDirs;
    private final String machine;
    private final String version;

    /**
     * @param dataDirs a directory per data set, where it is not in its usual place
     * @param machine a description of this machine, stored with every run
     * @param version adiv's version, stored with every run
     */
    public LocalExecutor(Map<DatasetName, Path> dataDirs, String machine, String version) {
        this.dataDirs = dataDirs;
        this.machine = machine;
        this.version = version;
    }

    /** {@inheritDoc} */
    @Override
    public int run(SweepSpec spec, RunStore store, SweepControl control) {
        Plan plan = plan(spec, store, control.retries());
        ai.djl.engine.Engine.getInstance();
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        try (NDManager manager = NDManager.newBaseManager()) {
            Worker.Data data = new Worker.Data(dataDirs, manager);
            return Dispatcher.run(plan, store, control, 1,
                    () -> (request, progress) -> Worker.handle(request, data, line -> progressLine(line, progress),
                            CheckpointFile.Gate.OPEN, threads),
                    true, e -> false, machine, version);
        }
    }

    private static void progressLine(String line, java.util.function.Consumer<RunProgress> progress) {
        try {
            RunProgress p = Worker.progress(Worker.JSON.readTree(line));
            if (p != null) {
                progress.accept(p);
            }
        } catch (IOException e) {
            // progress is a courtesy
        }
    }
}
