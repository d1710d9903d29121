package adiv.sweep;

import adiv.data.TensorDataset;
import adiv.probe.Probe;
import adiv.probe.ProbeRecord;
import adiv.train.Checkpoints;
import adiv.train.Networks;
import adiv.train.RunConfig;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.nn.Block;
import java.util.List;

/** Trains one run of a sweep on its data: the one place every executor trains through. */
public final class RunTrainer {

    /**
     * What a run produced.
     *
     * @param kernels the kernel check made before it trained, in a line (KernelCheck.Report#summary)
     */
    public record Outcome(RunResult result, List<ProbeRecord> probes, double seconds, String kernels) {}

    private RunTrainer() {}

    /** Trains the run from the beginning, hearing nothing (as calibration does). */
    public static Outcome train(RunSettings run, TensorDataset data, long maxSteps) {
        return train(run, data, maxSteps, Checkpoints.NONE, TrainingListener.NONE);
    }

    /**
     * Trains the run (with the probe when it asks for one), continuing from its checkpoint if there
     * is one.
     *
     * @param maxSteps stop after this many steps (0: the run's epochs), for calibration
     * @param checkpoints where the run keeps its state between epochs
     * @param listener hears about its epochs
     */
    public static Outcome train(RunSettings run, TensorDataset data, long maxSteps, Checkpoints checkpoints,
            TrainingListener listener) {
        long start = System.nanoTime();
        TrainConfig base = run.trainConfig();
        TrainConfig config = base.withMaxSteps(maxSteps);
        Probe probe = run.probeEvery() > 0
                ? new Probe(run.probeEvery(), config.learningRate(), run.runConfig().map(), r -> {})
                : null;
        TrainingLoop loop = new TrainingLoop(network(run, data, probe), config).checkpoints(checkpoints);
        if (probe != null) {
            loop.observe(probe);
        }
        RunResult result = loop.run(data, listener);
        return new Outcome(result, probe == null ? List.of() : probe.records(), (System.nanoTime() - start) / 1e9,
                loop.kernelCheck().summary());
    }

    /** The run's network for the data, every layer wrapped by the probe when there is one. */
    private static Block network(RunSettings run, TensorDataset data, Probe probe) {
        RunConfig config = run.runConfig();
        return probe == null
                ? Networks.build(config, data.features(), data.imageShape(), data.classes())
                : Networks.build(config, data.features(), data.imageShape(), data.classes(), probe, probe);
    }
}
