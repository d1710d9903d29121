package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.TensorDataset;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a sweep's pending runs one after another in this process, writing each into the run store
 * as it finishes. Each data set is loaded once for the whole sweep. What runs is the spec's
 * business; where it runs is this class's, so that another executor can take the same store.
 */
public final class LocalExecutor implements SweepExecutor {

    /** Hears about a sweep's progress. */
    public interface Listener {
        /** A run is about to start; {@code done} runs of {@code total} are finished. */
        default void runStarting(RunSettings run, int done, int total) {}

        /** A run finished with this status. */
        default void runFinished(RunSettings run, String status, int done, int total) {}
    }

    /** A sweep planned into its store: every run by hash, and the ones still to run. */
    public record Plan(Map<String, RunSettings> byHash, List<StoredRun> pending) {
        public int total() {
            return byHash.size();
        }
    }

    /** Stores the spec and plans every run (a configuration already stored is kept as it is). */
    public static Plan plan(SweepSpec spec, RunStore store) {
        store.saveSpec(spec.text());
        Map<String, RunSettings> byHash = new HashMap<>();
        for (RunSettings r : spec.runs()) {
            byHash.put(store.plan(r.canonical(), r.trainConfig().seed()).hash(), r);
        }
        return new Plan(byHash, store.pending().stream().filter(p -> byHash.containsKey(p.hash())).toList());
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
    public int run(SweepSpec spec, RunStore store, Listener listener, Consumer<String> log) {
        Plan plan = plan(spec, store);
        Map<String, RunSettings> byHash = plan.byHash();
        List<StoredRun> pending = plan.pending();
        int total = plan.total();
        int done = total - pending.size();
        Map<String, RawDataset> raw = new HashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, TensorDataset> tensors = new HashMap<>();
            for (StoredRun stored : pending) {
                RunSettings run = byHash.get(stored.hash());
                listener.runStarting(run, done, total);
                DatasetName name = run.dataset();
                Preprocessing prep = run.preprocessing();
                RawDataset rawData = raw.computeIfAbsent(name.id(), k -> name.load(dataDirs.get(name)));
                TensorDataset data =
                        tensors.computeIfAbsent(name.id() + "/" + prep, k -> TensorDataset.of(rawData, prep, manager));
                store.start(stored.id(), machine, version);
                String status;
                try {
                    RunTrainer.Outcome o = RunTrainer.train(run, data, 0);
                    store.finish(stored.id(), o.result(), o.probes(), o.seconds());
                    status = o.result().status();
                } catch (RuntimeException e) {
                    store.fail(stored.id(), e.toString());
                    log.accept("run " + stored.id() + " failed: " + e);
                    status = StoredRun.FAILED;
                }
                listener.runFinished(run, status, ++done, total);
            }
            tensors.values().forEach(TensorDataset::close);
        }
        return pending.size();
    }
}
