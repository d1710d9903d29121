package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.TensorDataset;
import adiv.probe.Probe;
import adiv.train.MlpBuilder;
import adiv.train.MlpSpec;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
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
public final class LocalExecutor {

    /** Hears about a sweep's progress. */
    public interface Listener {
        /** A run is about to start; {@code done} runs of {@code total} are finished. */
        default void runStarting(RunSettings run, int done, int total) {}

        /** A run finished with this status. */
        default void runFinished(RunSettings run, String status, int done, int total) {}
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

    /**
     * Plans every run of the spec into the store, then runs those still pending.
     *
     * @return how many runs were run now
     */
    public int run(SweepSpec spec, RunStore store, Listener listener, Consumer<String> log) {
        store.saveSpec(spec.text());
        Map<String, RunSettings> byHash = new HashMap<>();
        for (RunSettings r : spec.runs()) {
            byHash.put(store.plan(r.canonical(), r.trainConfig().seed()).hash(), r);
        }
        List<StoredRun> pending = store.pending().stream().filter(p -> byHash.containsKey(p.hash())).toList();
        int total = byHash.size();
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
                long start = System.nanoTime();
                String status;
                try {
                    MlpSpec mlp = run.mlp(data.features(), data.classes());
                    TrainConfig config = run.trainConfig();
                    Probe probe = run.probeEvery() > 0
                            ? new Probe(run.probeEvery(), config.learningRate(), String.valueOf(run.config().get("map")), r -> {})
                            : null;
                    TrainingLoop loop = new TrainingLoop(
                            probe == null ? MlpBuilder.build(mlp) : MlpBuilder.build(mlp, probe), config);
                    if (probe != null) {
                        loop.observe(probe);
                    }
                    RunResult result = loop.run(data, TrainingListener.NONE);
                    store.finish(stored.id(), result, probe == null ? List.of() : probe.records(),
                            (System.nanoTime() - start) / 1e9);
                    status = result.status();
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
