package adiv.cli;

import adiv.data.RawDataset;
import adiv.data.TensorDataset;
import adiv.probe.Probe;
import adiv.train.Divergence;
import adiv.train.EpochResult;
import adiv.train.KernelCheck;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code adiv train}: trains one MLP on real data and reports every epoch. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains one network: the paper's fully connected classifier (MATH.md §9; DEPTH hidden layers of"
                + " WIDTH, every affine layer 'normaliser + map', the activation after each hidden layer) or with"
                + " --model cnn the convolutional one (MATH.md §5).",
            "Prints each epoch's train loss, validation accuracy, test loss and test accuracy, and the epoch"
                + " selected on validation; --out DIR saves the run, its epochs and its parameters."
        })
final class TrainCommand extends ResultCommand {

    @Mixin TrainOptions run = new TrainOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Save the run into DIR: run.yaml (the run as a one-run"
            + " sweep spec: adiv sweep DIR/run.yaml --out D trains it again, and it rebuilds the network), epochs.csv (one"
            + " row per epoch), result.json (what --json prints) and the parameters after the last epoch"
            + " (adiv-0000.params, DJL's Model.save: README, \"Training a network\").")
    Path saveTo;

    @Override
    public Integer call() throws IOException {
        run.validate();
        if (saveTo != null) {
            Output.creatable(saveTo, "--out");
        }
        TrainConfig config = run.config(0);
        Path dir = saveTo;
        Trained trained = train(spec.commandLine().getErr(), "train", run, config, null, "", dir == null ? null : block -> {
            Output.directory(dir, "--out");
            SavedRun.saveModel(block, dir);
        });
        RunResult result = trained.result();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> report = report(run.json(config), result);
        report.put("kernels", trained.kernels().summary());
        if (dir != null) {
            SavedRun.save(run, result, report, dir);
            spec.commandLine().getErr().printf("adiv train: saved into %s: run.yaml, epochs.csv, result.json and %s%n", dir,
                    SavedRun.PARAMETERS);
            spec.commandLine().getErr().flush();
        }
        if (json) {
            Output.json(out, report);
        } else {
            summary(out, result);
        }
        return 0;
    }

    /**
     * Trains one run as {@code adiv train} and {@code adiv probe} do: loads the data set, says on
     * {@code err} what trains ("adiv COMMAND: ..." and the note), and shows each epoch's progress there.
     *
     * @param probe watches every layer when not null
     */
    static Trained train(PrintWriter err, String command, TrainOptions run, TrainConfig config, Probe probe, String note) {
        return train(err, command, run, config, probe, note, null);
    }

    /**
     * As {@link #train(PrintWriter, String, TrainOptions, TrainConfig, Probe, String)}, handing the
     * trained network to {@code trained} (while its parameters are alive) when it is not null.
     */
    static Trained train(PrintWriter err, String command, TrainOptions run, TrainConfig config, Probe probe, String note,
            java.util.function.Consumer<ai.djl.nn.Block> trained) {
        RawDataset raw = run.datasetName().load(run.dataDir());
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(raw, run.preprocessingKind(), manager)) {
            err.println("adiv " + command + ": " + run.describe(data.description()) + note);
            err.flush();
            ai.djl.nn.Block network = probe == null ? run.network(raw) : run.network(raw, probe);
            TrainingLoop loop = new TrainingLoop(network, config);
            if (probe != null) {
                loop.observe(probe);
            }
            RunResult result = loop.run(data, new EpochProgress(err, config.trainingExamples(data.trainSize()), config.epochs()));
            if (trained != null) {
                trained.accept(network);
            }
            return new Trained(result, loop.kernelCheck());
        }
    }

    /** A run's result and the check of the kernels it trained with. */
    record Trained(RunResult result, KernelCheck.Report kernels) {}

    /** The run as JSON: config, status, every epoch, and for a diverged run where it diverged. */
    static Map<String, Object> report(Map<String, Object> cfg, RunResult result) {
        List<Map<String, Object>> epochRows = new ArrayList<>();
        for (EpochResult e : result.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.put("train_loss", finite(e.trainLoss()));
            row.put("test_loss", finite(e.testLoss()));
            row.put("test_acc", finite(e.testAcc()));
            row.put("val_loss", finite(e.valLoss()));
            row.put("val_acc", finite(e.valAcc()));
            row.put("seconds", e.seconds());
            epochRows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("config", cfg);
        report.put("status", result.status());
        report.put("stopped", result.stopped());
        EpochResult selected = result.selected();
        report.put("selected_epoch", selected == null ? null : selected.epoch());
        report.put("selected_test_acc", selected == null ? null : finite(selected.testAcc()));
        report.put("final_test_acc", result.last() == null ? null : finite(result.last().testAcc()));
        report.put("epochs", epochRows);
        Divergence d = result.divergence();
        if (d == null) {
            report.put("divergence", null);
        } else {
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("step", d.step());
            where.put("epoch", d.epoch());
            where.put("kind", d.kind());
            where.put("layer", d.layer());
            where.put("description", d.description());
            where.put("parameter", d.parameter());
            where.put("message", d.message());
            report.put("divergence", where);
        }
        return report;
    }

    /** JSON has no NaN: a value that is not finite is written as null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static void summary(PrintWriter out, RunResult result) {
        Output.Table table =
                new Output.Table("epoch", "train_loss", "val_acc", "test_loss", "test_acc", "seconds")
                        .right(0, 1, 2, 3, 4, 5);
        EpochResult selected = result.selected();
        for (EpochResult e : result.epochs()) {
            table.row(
                    e.epoch() + (e == selected ? " *" : ""),
                    String.format("%.4f", e.trainLoss()),
                    Double.isNaN(e.valAcc()) ? "-" : String.format("%.4f", e.valAcc()),
                    String.format("%.4f", e.testLoss()),
                    String.format("%.4f", e.testAcc()),
                    String.format("%.1f", e.seconds()));
        }
        table.print(out);
        EpochResult last = result.last();
        if (RunResult.DIVERGED.equals(result.status()) && result.divergence() != null) {
            out.printf("%n%s%n", result.divergence().message());
        } else if (RunResult.DIVERGED.equals(result.status())) {
            out.printf("%nDiverged in epoch %d: the training loss stopped being finite.%n", last.epoch());
        } else if (selected == null) {
            out.printf("%nDone after %d epochs: final test accuracy %.4f (no validation split to select an epoch).%n",
                    last.epoch(), last.testAcc());
        } else {
            out.printf("%nDone after %d epochs (%s): selected epoch %d (*, best validation accuracy %.4f): test"
                            + " accuracy %.4f; final %.4f.%n", last.epoch(),
                    RunResult.STAGNATED.equals(result.stopped()) ? "validation accuracy stopped improving" : "max epochs",
                    selected.epoch(), selected.valAcc(), selected.testAcc(), last.testAcc());
        }
        out.flush();
    }
}
