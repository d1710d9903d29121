package adiv.cli;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.RawDataset;
import adiv.maps.Activations;
import adiv.maps.Methods;
import adiv.maps.PluginCheck;
import adiv.maps.Init;
import adiv.maps.Normalisers;
import adiv.maps.Precision;
import adiv.probe.Probe;
import adiv.train.Networks;
import adiv.train.OptimizerKind;
import adiv.train.RunConfig;
import adiv.train.RunDefaults;
import adiv.train.TrainConfig;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that describe one training run, shared by {@code adiv train} and {@code adiv probe}. */
final class TrainOptions {

    @Option(names = "--model", description = "mlp or cnn (default: ${DEFAULT-VALUE}); cnn: --depth conv blocks of --width·2^i channels.")
    String model = RunDefaults.MODEL;

    @Option(names = "--dataset", description = "fashion-mnist, mnist or cifar10 (default: ${DEFAULT-VALUE}).")
    String dataset = RunDefaults.DATASET;

    @Option(names = "--data-dir", description = "Directory of the data set (default: its usual place).")
    Path dataDir;

    @Option(names = "--preprocessing", description = "standardise, unit or none (default: ${DEFAULT-VALUE}).")
    String preprocessing = RunDefaults.PREPROCESSING;

    @Option(names = "--map", description = "Map of the corrected layers: a method's map (adiv methods lists them: affine, affine-like,"
            + " norm-like, structural[:RHO], gradient-only-proportional, gradient-only-disproportional; with --model cnn affine,"
            + " patchnorm-affine-like, patchnorm-norm-like; a plug-in's by its name) (default: ${DEFAULT-VALUE}).")
    String map = RunDefaults.MAP;

    @Option(names = "--norm", description = "Normaliser before the map: " + Normalisers.NAMES + " (default: ${DEFAULT-VALUE}).")
    String norm = RunDefaults.NORM;

    @Option(names = "--act", description = "Activation: " + Activations.NAMES + " (default: ${DEFAULT-VALUE}).")
    String act = RunDefaults.ACT;

    @Option(names = "--width", description = "Hidden width (default: " + RunDefaults.MLP_WIDTH + "); with --model cnn the first conv block's channels (default: " + RunDefaults.CNN_WIDTH + ").")
    Integer width;

    @Option(names = "--depth", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int depth = RunDefaults.DEPTH;

    @Option(names = "--correct-first", negatable = true, description = "Apply map and normaliser to the first affine layer too (default: ${DEFAULT-VALUE}).")
    boolean correctFirst = RunDefaults.CORRECT_FIRST;

    @Option(names = "--correct-output", negatable = true, description = "Apply them to the output layer too (default: ${DEFAULT-VALUE}).")
    boolean correctOutput = RunDefaults.CORRECT_OUTPUT;

    @Option(names = "--init", description = "pytorch or xavier-normal (default: ${DEFAULT-VALUE}).")
    String init = RunDefaults.INIT;

    @Option(names = {"--max-epochs", "--epochs"}, description = "The most epochs (default: ${DEFAULT-VALUE}); with --patience none exactly this many.")
    int epochs = RunDefaults.MAX_EPOCHS;

    @Option(names = "--validation", description = "Fraction of the training set held out to select the epoch a run is judged at and to stop it (default: ${DEFAULT-VALUE}; 0: none).")
    double validation = RunDefaults.VALIDATION;

    @Option(names = "--patience", description = "Stop when validation accuracy has not improved for this many epochs, or none to train --max-epochs (default: ${DEFAULT-VALUE}).")
    String patience = String.valueOf(RunDefaults.PATIENCE);

    @Option(names = "--precision", description = "Precision of the maps' products: float32 or bf16 (default: ${DEFAULT-VALUE};"
            + " bf16: affine products and convolutions in bfloat16; parameters, gradients, optimizer and the rest float32).")
    String precision = RunDefaults.PRECISION;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch = RunDefaults.BATCH;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float lr = (float) RunDefaults.LR;

    @Option(names = "--opt", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String opt = RunDefaults.OPT;

    @Option(names = "--seed", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed = RunDefaults.SEED;

    @Option(names = "--threads", description = "Intra-op threads (default: the engine's choice).")
    int threads;

    DatasetName datasetName() {
        return DatasetName.parse(dataset);
    }

    Preprocessing preprocessingKind() {
        return Preprocessing.parse(preprocessing);
    }

    TrainConfig config(long maxSteps) {
        return new TrainConfig(epochs, batch, lr, OptimizerKind.parse(opt), seed, maxSteps, validation, patience(),
                precision(precision));
    }

    /** A --precision value, or the user's mistake named. */
    static Precision precision(String value) {
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UserError("--" + e.getMessage());
        }
    }

    /** --patience: none is 0 (no early stopping). */
    int patience() {
        if (patience.equalsIgnoreCase("none")) {
            return 0;
        }
        try {
            int p = Integer.parseInt(patience);
            if (p > 0) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserError("--patience must be a positive number of epochs or none, got '" + patience + "'");
    }

    /** --width, or the model's default. */
    int width() {
        return width != null ? width : RunDefaults.width(model);
    }

    boolean cnn() {
        return model.equalsIgnoreCase("cnn");
    }

    /**
     * The run these flags describe, typed: the same configuration a spec's keys fill, built into a
     * network by the same {@link Networks}.
     */
    RunConfig runConfig(long maxSteps) {
        RunConfig.Model kind;
        try {
            kind = RunConfig.Model.parse(model, "--model");
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return new RunConfig(kind, datasetName(), preprocessingKind(), layerName(), map, norm, act, width(), depth,
                correctFirst, correctOutput, Init.parse(init), config(maxSteps), 0);
    }

    /** The network for a data set: the MLP, or with --model cnn the convolutional one. */
    Block network(RawDataset raw) {
        return Networks.build(runConfig(0), raw.features(), image(raw), raw.classes());
    }

    /** As {@link #network(RawDataset)}, every layer watched by the probe. */
    Block network(RawDataset raw, Probe probe) {
        return Networks.build(runConfig(0), raw.features(), image(raw), raw.classes(), probe, probe);
    }

    private static int[] image(RawDataset raw) {
        return new int[] {raw.channels(), raw.height(), raw.width()};
    }

    /** Checks every value that needs no data, so that mistakes show before the data is loaded. */
    void validate() {
        runConfig(0);
        Methods methods = Methods.catalogue();
        PluginCheck.check(methods, methods.requireMap("--map", map));
        Engines.setThreads(threads);
    }

    /** The name recorded for the corrected layers: the map, after its normaliser if any. */
    String layerName() {
        return norm.equalsIgnoreCase("none") ? map : norm + "+" + map;
    }

    /** One line saying what runs, for stderr. */
    String describe(String data) {
        return String.format(
                "%s; %s + %s, %s, width %d, depth %d; %s lr %s, batch %d, %s, seed %d",
                data, norm, map, act, width(), depth, opt, lr, batch, patience() == 0 ? epochs + " epochs"
                        : "up to " + epochs + " epochs (patience " + patience() + ")", seed)
                + (validation > 0 ? String.format("; %.0f%% of the training set held out for validation", validation * 100) : "");
    }

    /** The configuration as JSON fields. */
    Map<String, Object> json(TrainConfig config) {
        DatasetName name = datasetName();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", model.toLowerCase());
        cfg.put("dataset", name.id());
        cfg.put("data_dir", (dataDir == null ? name.defaultDir() : dataDir).toString());
        cfg.put("preprocessing", preprocessingKind().name().toLowerCase());
        cfg.put("map", map);
        cfg.put("norm", norm);
        cfg.put("act", act);
        cfg.put("width", width());
        cfg.put("depth", depth);
        cfg.put("correct_first", correctFirst);
        cfg.put("correct_output", correctOutput);
        cfg.put("init", Init.parse(init).name().toLowerCase().replace('_', '-'));
        cfg.put("max_epochs", config.epochs());
        cfg.put("validation", config.validation());
        cfg.put("patience", config.patience() == 0 ? "none" : config.patience());
        cfg.put("batch", config.batch());
        cfg.put("lr", config.learningRate());
        cfg.put("opt", config.optimizer().name().toLowerCase());
        cfg.put("seed", config.seed());
        cfg.put("threads", Engines.threads());
        return cfg;
    }
}
