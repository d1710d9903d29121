package adiv.cli;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.data.TensorDataset;
import adiv.maps.Activations;
import adiv.maps.AffineMaps;
import adiv.maps.Init;
import adiv.maps.Normalisers;
import adiv.train.EpochResult;
import adiv.train.MlpBuilder;
import adiv.train.MlpSpec;
import adiv.train.OptimizerKind;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adiv train}: trains one MLP on real data and reports every epoch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains one fully connected classifier (MATH.md §9): DEPTH hidden layers of WIDTH,"
                + " every affine layer 'normaliser + map', the activation after each hidden layer.",
            "Prints the train loss, test loss and test accuracy after every epoch."
        })
final class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the run as JSON.")
    boolean json;

    @Option(names = "--dataset", description = "fashion-mnist (default), mnist or cifar10.")
    String dataset = "fashion-mnist";

    @Option(names = "--data-dir", description = "Directory of the data set (default: its usual place).")
    Path dataDir;

    @Option(names = "--preprocessing", description = "standardise (default), unit or none.")
    String preprocessing = "standardise";

    @Option(names = "--map", description = "Map of the corrected layers: " + AffineMaps.NAMES + " (default: ${DEFAULT-VALUE}).")
    String map = "affine";

    @Option(names = "--norm", description = "Normaliser before the map: " + Normalisers.NAMES + " (default: ${DEFAULT-VALUE}).")
    String norm = "none";

    @Option(names = "--act", description = "Activation: " + Activations.NAMES + " (default: ${DEFAULT-VALUE}).")
    String act = "tanh";

    @Option(names = "--width", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width = 256;

    @Option(names = "--depth", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth = 2;

    @Option(names = "--correct-first", negatable = true, description = "Apply map and normaliser to the first affine layer too (default: true).")
    boolean correctFirst = true;

    @Option(names = "--correct-output", negatable = true, description = "Apply them to the output layer too (default: true).")
    boolean correctOutput = true;

    @Option(names = "--init", description = "pytorch (default) or xavier-normal.")
    String init = "pytorch";

    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 1;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = 128;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float lr = 1e-3f;

    @Option(names = "--opt", description = "adam (default) or sgd.")
    String opt = "adam";

    @Option(names = "--seed", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--threads", description = "Intra-op threads (default: the engine's choice).")
    int threads;

    @Override
    public Integer call() {
        DatasetName name = DatasetName.parse(dataset);
        Preprocessing prep = Preprocessing.parse(preprocessing);
        TrainConfig config = new TrainConfig(epochs, batch, lr, OptimizerKind.parse(opt), seed);
        Init initKind = Init.parse(init);
        Engines.setThreads(threads);
        PrintWriter err = spec.commandLine().getErr();
        RawDataset raw = name.load(dataDir);
        MlpSpec mlp =
                new MlpSpec(
                        raw.features(), raw.classes(), width, depth, map, norm, act,
                        correctFirst, correctOutput, initKind);
        RunResult result;
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(raw, prep, manager)) {
            err.printf(
                    "adiv train: %s; %s; %s + %s, %s, width %d, depth %d; %s lr %s, batch %d, %d"
                            + " epochs, seed %d%n",
                    data.description(), name.id(), norm, map, act, width, depth, opt, lr, batch,
                    epochs, seed);
            err.flush();
            TrainingLoop loop = new TrainingLoop(MlpBuilder.build(mlp), config);
            result = loop.run(data, new EpochProgress(err, data.trainSize(), epochs));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, report(name, prep, mlp, config, result));
        } else {
            summary(out, result);
        }
        return 0;
    }

    private Map<String, Object> report(
            DatasetName name, Preprocessing prep, MlpSpec mlp, TrainConfig config, RunResult result) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("dataset", name.id());
        cfg.put("data_dir", (dataDir == null ? name.defaultDir() : dataDir).toString());
        cfg.put("preprocessing", prep.name().toLowerCase());
        cfg.put("map", mlp.map());
        cfg.put("norm", mlp.norm());
        cfg.put("act", mlp.activation());
        cfg.put("width", mlp.width());
        cfg.put("depth", mlp.depth());
        cfg.put("correct_first", mlp.correctFirst());
        cfg.put("correct_output", mlp.correctOutput());
        cfg.put("init", mlp.init().name().toLowerCase().replace('_', '-'));
        cfg.put("epochs", config.epochs());
        cfg.put("batch", config.batch());
        cfg.put("lr", config.learningRate());
        cfg.put("opt", config.optimizer().name().toLowerCase());
        cfg.put("seed", config.seed());
        cfg.put("threads", Engines.threads());
        List<Map<String, Object>> epochRows = new ArrayList<>();
        for (EpochResult e : result.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("train_loss", finite(e.trainLoss()));
            row.put("test_loss", finite(e.testLoss()));
            row.put("test_acc", finite(e.testAcc()));
            row.put("seconds", e.seconds());
            epochRows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("config", cfg);
        report.put("status", result.status());
        report.put("epochs", epochRows);
        return report;
    }

    /** JSON has no NaN: a value that is not finite is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static void summary(PrintWriter out, RunResult result) {
        Output.Table table =
                new Output.Table("epoch", "train_loss", "test_loss", "test_acc", "seconds")
                        .right(0, 1, 2, 3, 4);
        EpochResult best = null;
        for (EpochResult e : result.epochs()) {
            table.row(
                    e.epoch(),
                    String.format("%.4f", e.trainLoss()),
                    String.format("%.4f", e.testLoss()),
                    String.format("%.4f", e.testAcc()),
                    String.format("%.1f", e.seconds()));
            if (Double.isFinite(e.testAcc()) && (best == null || e.testAcc() > best.testAcc())) {
                best = e;
            }
        }
        table.print(out);
        EpochResult last = result.last();
        if (RunResult.DIVERGED.equals(result.status())) {
            out.printf("%nDiverged in epoch %d: the training loss stopped being finite.%n", last.epoch());
        } else {
            out.printf(
                    "%nDone: final test accuracy %.4f; best %.4f (epoch %d).%n",
                    last.testAcc(), best.testAcc(), best.epoch());
        }
        out.flush();
    }
}
