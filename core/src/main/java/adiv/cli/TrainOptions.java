package adiv.cli;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.Activations;
import adiv.maps.Methods;
import adiv.maps.PluginCheck;
import adiv.maps.Init;
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

    /** The command these flags belong to, to read what the user typed. */
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    @Option(names = "--model", description = "mlp, cnn or resmlp (default: ${DEFAULT-VALUE}); cnn: --depth conv blocks of --width·2^i"
            + " channels; resmlp: an input layer, --depth residual blocks z + φ(M(z)) of --width, a plain head (MATH.md §7).")
    String model = RunDefaults.MODEL;

    @Option(names = "--dataset", description = "fashion-mnist, mnist or cifar10 (default: ${DEFAULT-VALUE}).")
    String dataset = RunDefaults.DATASET;

    @Option(names = "--data-dir", paramLabel = DataDirs.LABEL, description = DataDirs.HELP)
    java.util.List<String> dataDirs = new java.util.ArrayList<>();

    @Option(names = "--preprocessing", description = "standardise, unit or none (default: ${DEFAULT-VALUE}).")
    String preprocessing = RunDefaults.PREPROCESSING;

    @Option(names = "--method", paramLabel = "NAME", description = "A method by name, as a spec's method: (adiv methods lists"
            + " them: batchnorm, l2-half, affine-like, a plug-in's, ...): its map, its normaliser and its factor on --lr;"
            + " instead of --map and --norm.")
    String method;

    @Option(names = "--map", description = "Map of the corrected layers: a method's map (adiv methods lists them: affine, affine-like,"
            + " norm-like, structural[:RHO], gradient-only-proportional, gradient-only-disproportional; with --model cnn affine,"
            + " patchnorm-affine-like, patchnorm-norm-like; a plug-in's by its name) (default: " + RunDefaults.MAP + ").")
    String map;

    @Option(names = "--norm", description = "Normaliser before the map: none, batchnorm, layernorm, rmsnorm, l2, dyt, dyisru"
            + " or a plug-in's (adiv methods lists them; with --model cnn none, batchnorm, layernorm, rmsnorm or a plug-in's"
            + " with a convolutional form) (default: " + RunDefaults.NORM + ").")
    String norm;

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

    /** Not the run's: how a fault in it is reported (the same on train and probe, hence here). */
    @Option(names = "--verbose", description = "When the network throws in the middle of training (a plug-in's map, say),"
            + " print the stack trace after the one line that says where.")
    boolean verbose;

    DatasetName datasetName() {
        return DatasetName.parse(dataset);
    }

    /** The data set's directory from --data-dir, or null for its usual place. */
    Path dataDir() {
        return DataDirs.parse(dataDirs, java.util.List.of(datasetName())).get(datasetName());
    }

    Preprocessing preprocessingKind() {
        return Preprocessing.parse(preprocessing);
    }

    TrainConfig config(long maxSteps) {
        try {
            return new TrainConfig(epochs, batch, (float) (lr * method().lrScale()), OptimizerKind.parse(opt), seed, maxSteps,
                    validation, patience(), precision(precision));
        } catch (IllegalArgumentException e) {
            throw new UserError(inUsersWords(e.getMessage()));
        }
    }

    /**
     * The method the flags name: --method's, or the map and normaliser of --map and --norm (a method
     * of those parts, with no factor on the learning rate).
     */
    adiv.maps.Method method() {
        Methods methods = Methods.catalogue();
        if (method != null) {
            if (map != null || norm != null) {
                throw new UserError("give --method or --map and --norm, not both (--method " + method + " is the map "
                        + methods.get(method).map() + " with the normaliser " + methods.get(method).norm() + ")");
            }
            try {
                return methods.get(method);
            } catch (IllegalArgumentException e) {
                throw new UserError("--method: " + e.getMessage());
            }
        }
        String m = map != null ? map : RunDefaults.MAP;
        String n = norm != null ? norm : RunDefaults.NORM;
        return adiv.maps.Method.builder("flags").map(m).norm(n).build();
    }

    /** The spec's names in a message (max_epochs ...) as the flags the user typed (--epochs ...). */
    private String inUsersWords(String message) {
        String[][] keys = {{"max_epochs", "--max-epochs"}, {"batch", "--batch"}, {"lr", "--lr"}, {"validation", "--validation"},
            {"patience", "--patience"}, {"width", "--width"}, {"depth", "--depth"}, {"steps", "--steps"}};
        for (String[] k : keys) {
            if (message.startsWith(k[0] + " ")) {
                String flag = k[0].equals("max_epochs") && typed("--epochs") ? "--epochs" : k[1];
                return flag + message.substring(k[0].length()).replace("set validation above 0, or patience: none",
                        "give --validation above 0, or --patience none");
            }
        }
        return message;
    }

    /** Whether the user typed this flag. */
    private boolean typed(String flag) {
        return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().originalArgs().stream()
                        .anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
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
        adiv.maps.Method m = method();
        TrainConfig training = config(maxSteps);
        try {
            return new RunConfig(kind, datasetName(), preprocessingKind(), layerName(), m.map(), m.norm(), act, width(), depth,
                    correctFirst, correctOutput, Init.parse(init), training, 0);
        } catch (IllegalArgumentException e) {
            throw new UserError(inUsersWords(e.getMessage()));
        }
    }

    /** The network for a data set: the MLP, or with --model cnn the convolutional one. */
    Block network(TensorDataset data) {
        return Networks.build(runConfig(0), data.features(), data.imageShape(), data.classes());
    }

    /** As {@link #network(TensorDataset)}, every layer watched by the probe. */
    Block network(TensorDataset data, Probe probe) {
        return Networks.build(runConfig(0), data.features(), data.imageShape(), data.classes(), probe, probe);
    }

    /** Checks every value that needs no data, so that mistakes show before the data is loaded. */
    void validate() {
        runConfig(0);
        dataDir();
        Methods methods = Methods.catalogue();
        methods.requireMap(method != null ? "--method" : "--map", method().map());
        PluginCheck.check(methods, method());
        Engines.setThreads(threads);
    }

    /** The name recorded for the corrected layers: the map, after its normaliser if any. */
    String layerName() {
        if (method != null) {
            return method;
        }
        adiv.maps.Method m = method();
        return m.norm().equalsIgnoreCase("none") ? m.map() : m.norm() + "+" + m.map();
    }

    /** Where the map of the method comes from: {@value Methods#BUILT_IN}, or a plug-in jar's file name. */
    String mapOrigin() {
        return Methods.catalogue().forms(method()).origin();
    }

    /**
     * The method in words, for a message: "method NAME", or "map MAP with norm NORM" where the flags
     * named the parts, with its map's jar in brackets when a plug-in's.
     */
    String methodInWords() {
        adiv.maps.Method m = method();
        String origin = mapOrigin();
        String jar = Methods.BUILT_IN.equals(origin) ? "" : " (" + origin + ")";
        if (method != null) {
            return "method " + method + jar;
        }
        return "map " + m.map() + jar + (m.norm().equalsIgnoreCase("none") ? "" : " with norm " + m.norm());
    }

    /** One line saying what runs, for stderr. */
    String describe(String data) {
        return String.format(
                "%s; %s%s + %s, %s, width %d, %s; %s lr %s, batch %d, %s, seed %d",
                data, model.equalsIgnoreCase("mlp") ? "" : model.toLowerCase() + ": ", method().norm(), method().map(), act,
                width(), model.equalsIgnoreCase("resmlp") ? depth + " residual blocks" : "depth " + depth, opt, config(0).learningRate(), batch, patience() == 0 ? epochs + " epochs"
                        : "up to " + epochs + " epochs (patience " + patience() + ")", seed)
                + (validation > 0 ? String.format("; %.0f%% of the training set held out for validation", validation * 100) : "");
    }

    /** The configuration as JSON fields. */
    Map<String, Object> json(TrainConfig config) {
        DatasetName name = datasetName();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", model.toLowerCase());
        cfg.put("dataset", name.id());
        cfg.put("data_dir", (dataDir() == null ? name.defaultDir() : dataDir()).toString());
        cfg.put("preprocessing", preprocessingKind().name().toLowerCase());
        if (method != null) {
            cfg.put("method", method);
        }
        cfg.put("map", method().map());
        cfg.put("norm", method().norm());
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
