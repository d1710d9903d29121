package adiv.cli;

import adiv.data.ImageCache;
import adiv.data.TensorDataset;
import adiv.probe.Probe;
import adiv.train.Divergence;
import adiv.train.EpochResult;
import adiv.train.KernelCheck;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingFault;
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
                + " selected on validation; --out DIR saves the run, its epochs and its parameters.",
            "Exit status 1 when the run diverged or the network threw (one line says where; --verbose adds the"
                + " stack trace)."
        })
final class TrainCommand extends ResultCommand {

    @Mixin TrainOptions run = new TrainOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Save the run into DIR: run.yaml (the run as a one-run"
            + " sweep spec: adiv sweep DIR/run.yaml --out D trains it again, and it rebuilds the network), epochs.csv (one"
            + " row per epoch), result.json (what --json prints) and the parameters after the last epoch"
            + " (adiv-0000.params, DJL's Model.save: README, \"Training a network\"). A run that diverged or whose network"
            + " threw saves no parameters (not finite, or half-updated): run.yaml, the epochs finished, result.json with"
            + " its status (diverged or failed) and where, and for a fault error.txt, its stack trace.")
    Path saveTo;

    @Override
    public Integer call() throws IOException {
        run.validate();
        if (saveTo != null) {
            Output.creatable(saveTo, "--out");
        }
        TrainConfig config = run.config(0);
        Path dir = saveTo;
        PrintWriter err = spec.commandLine().getErr();
        Trained trained = train(err, "train", run, config, null, "", dir == null ? null : block -> {
            Output.directory(dir, "--out");
            SavedRun.saveModel(block, dir);
        });
        RunResult result = trained.result();
        TrainingFault fault = trained.fault();
        if (fault != null) {
            // Said first, so that nothing after it (a directory that cannot be written) hides it.
            reportFault(err, "train", run, fault, dir != null);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> report = report(run.json(config), result);
        report.put("kernels", trained.kernels().summary());
        // The plug-in jars the layers were built from, as a sweep's store records them (file name → SHA-256).
        report.put("plugins", adiv.maps.PluginJars.describe(adiv.maps.Methods.catalogue().jarsOf(run.method())));
        if (fault != null) {
            report.put("error", error(run, fault));
        }
        if (dir != null) {
            Output.directory(dir, "--out");
            SavedRun.save(run, result, report, dir);
            if (fault != null) {
                SavedRun.saveError(dir, faultLine(run, fault) + System.lineSeparator() + System.lineSeparator()
                        + stackTrace(fault.getCause()));
            }
            err.println("adiv train: saved into " + dir + ": " + SavedRun.saved(result, fault));
            err.flush();
        }
        if (json) {
            Output.json(out, report);
        } else {
            summary(out, result, fault);
        }
        return RunResult.DONE.equals(result.status()) ? 0 : Main.FAILED;
    }

    /**
     * Says on {@code err} in one line what threw, where in the run, and what it said; with
     * --verbose the stack trace follows, else (without --out, which keeps it in a file) a hint
     * says how to see it.
     *
     * @param kept whether the trace is kept elsewhere (error.txt)
     */
    static void reportFault(PrintWriter err, String command, TrainOptions run, TrainingFault fault, boolean kept) {
        err.println("adiv " + command + ": " + faultLine(run, fault)
                + (run.verbose || kept ? "" : " (--verbose prints its stack trace)"));
        if (run.verbose) {
            fault.getCause().printStackTrace(err);
        }
        err.flush();
    }

    /**
     * "method NAME (its jar) failed in epoch E at step S (...): what it said": the method or map
     * and normaliser the flags name, the jar its map comes from when it is a plug-in's, where and
     * what was thrown.
     */
    static String faultLine(TrainOptions run, TrainingFault fault) {
        return run.methodInWords() + " failed " + fault.getMessage();
    }

    /** A fault as result.json says it: where, what threw, and the line that says so. */
    static Map<String, Object> error(TrainOptions run, TrainingFault fault) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("phase", fault.phase().label());
        e.put("epoch", fault.epoch());
        e.put("step", fault.step());
        e.put("step_in_epoch", fault.stepInEpoch());
        e.put("steps_in_epoch", fault.stepsInEpoch());
        e.put("origin", run.mapOrigin());
        e.put("exception", fault.getCause().getClass().getName());
        e.put("exception_message", fault.what());
        e.put("message", faultLine(run, fault));
        return e;
    }

    /** A throwable's stack trace as printStackTrace writes it. */
    static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (PrintWriter p = new PrintWriter(w)) {
            t.printStackTrace(p);
        }
        return w.toString();
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
     * trained network to {@code trained} (while its parameters are alive) when it is not null and the
     * run is done: not a diverged one, whose parameters are no longer finite, nor one whose network
     * threw. A network that throws ({@link TrainingFault}) gives a result of status failed, the
     * epochs finished before the fault, and the fault.
     */
    static Trained train(PrintWriter err, String command, TrainOptions run, TrainConfig config, Probe probe, String note,
            java.util.function.Consumer<ai.djl.nn.Block> trained) {
        ImageCache.Opened bytes = ImageCache.open(run.datasetName(), run.dataDir());
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(bytes.bytes(), run.preprocessingKind(), manager)) {
            err.println("adiv " + command + ": data: " + bytes.note());
            err.println("adiv " + command + ": " + run.describe(data.description()) + note);
            err.flush();
            ai.djl.nn.Block network = probe == null ? run.network(data) : run.network(data, probe);
            TrainingLoop loop = new TrainingLoop(network, config);
            if (probe != null) {
                loop.observe(probe);
            }
            EpochProgress progress = new EpochProgress(err, config.trainingExamples(data.trainSize()), config.epochs());
            RunResult result;
            try {
                result = loop.run(data, progress);
            } catch (TrainingFault fault) {
                progress.abandon();
                return new Trained(new RunResult(RunResult.FAILED, fault.epochs(), RunResult.FAILED), loop.kernelCheck(), fault);
            }
            if (trained != null && RunResult.DONE.equals(result.status())) {
                trained.accept(network);
            }
            return new Trained(result, loop.kernelCheck(), null);
        }
    }

    /**
     * A run's result and the check of the kernels it trained with.
     *
     * @param fault what the network threw, when it did (the result's status is then failed); else null
     */
    record Trained(RunResult result, KernelCheck.Report kernels, TrainingFault fault) {}

    /**
     * The run as JSON: config, status, every epoch, and for a diverged run where it diverged ({@code
     * error}, null here, says where a failed one's network threw: {@link #error}).
     */
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
        report.put("error", null);
        return report;
    }

    /** JSON has no NaN: a value that is not finite is written as null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static void summary(PrintWriter out, RunResult result) {
        summary(out, result, null);
    }

    /** The epochs as a table and how the run ended; {@code fault} is what a failed run's network threw. */
    static void summary(PrintWriter out, RunResult result, TrainingFault fault) {
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
        EpochResult last = result.last();
        if (fault != null) {
            if (last != null) {
                table.print(out);
            }
            out.printf("%sFailed %s: %s (%s).%n", last == null ? "" : "\n", fault.where(), fault.what(),
                    last == null ? "no epoch finished" : "the epochs above finished before it");
            out.flush();
            return;
        }
        table.print(out);
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
