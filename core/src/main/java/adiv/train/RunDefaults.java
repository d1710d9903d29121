package adiv.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of a run's defaults. {@code adiv train} and {@code adiv probe} take their flags'
 * defaults from it, a sweep spec fills every setting it leaves out from it ({@link #settings}), the
 * presets write its values where they mean "the default", and README's table of defaults is checked
 * against {@link #markdown} by a test. A default that differs by model (the width) is looked up with
 * the model, so {@code adiv train --model cnn} and a spec with {@code model: cnn} build the same
 * network.
 *
 * <p>One set of hyperparameters for every method (the paper's protocol): Adam at PyTorch's 1e-3,
 * batch 128, and the stopping rule of MATH.md §10 (10% validation split, patience 10).
 */
public final class RunDefaults {

    public static final String MODEL = "mlp";
    public static final String DATASET = "fashion-mnist";
    public static final String PREPROCESSING = "standardise";
    /** The method of a spec; as flags, the map and normaliser it stands for. */
    public static final String METHOD = "affine";
    public static final String MAP = "affine";
    public static final String NORM = "none";
    public static final String ACT = "tanh";
    /** An MLP's hidden width. */
    public static final int MLP_WIDTH = 256;
    /** A CNN's first conv block's channels (block i has width·2^i). */
    public static final int CNN_WIDTH = 32;
    public static final int DEPTH = 2;
    public static final boolean CORRECT_FIRST = true;
    public static final boolean CORRECT_OUTPUT = true;
    public static final String INIT = "pytorch";
    public static final int MAX_EPOCHS = 1;
    public static final double VALIDATION = 0.1;
    public static final int PATIENCE = 10;
    public static final int BATCH = 128;
    public static final double LR = 1e-3;
    public static final String OPT = "adam";
    public static final long SEED = 1;
    /** Probe every N steps; 0: no probe. */
    public static final int PROBE_EVERY = 0;
    public static final String PRECISION = "float32";

    /** The one setting whose default depends on the model. */
    private static final String WIDTH = "width";

    private RunDefaults() {}

    /** The width of a model: {@value #MLP_WIDTH} for the MLP, {@value #CNN_WIDTH} for the CNN. */
    public static int width(String model) {
        return "cnn".equalsIgnoreCase(model) ? CNN_WIDTH : MLP_WIDTH;
    }

    /**
     * Every setting of a sweep spec with its default for a model, in the order a spec lists them.
     * Its keys are the settings a spec may fix or put on a grid.
     */
    public static Map<String, Object> settings(String model) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", model);
        d.put("dataset", DATASET);
        d.put("preprocessing", PREPROCESSING);
        d.put("method", METHOD);
        d.put("act", ACT);
        d.put(WIDTH, width(model));
        d.put("depth", DEPTH);
        d.put("correct_first", CORRECT_FIRST);
        d.put("correct_output", CORRECT_OUTPUT);
        d.put("init", INIT);
        d.put("max_epochs", MAX_EPOCHS);
        d.put("validation", VALIDATION);
        d.put("patience", PATIENCE);
        d.put("batch", BATCH);
        d.put("lr", LR);
        d.put("opt", OPT);
        d.put("probe_every", PROBE_EVERY);
        d.put("precision", PRECISION);
        return Collections.unmodifiableMap(d);
    }

    /** The settings of {@link #MODEL}. */
    public static Map<String, Object> settings() {
        return settings(MODEL);
    }

    /**
     * The table as README shows it (Markdown): each spec setting, its flag, and its default; the
     * width for each model.
     */
    public static String markdown() {
        StringBuilder t = new StringBuilder("| spec setting | `adiv train` flag | default |\n|---|---|---|\n");
        for (Map.Entry<String, Object> e : settings().entrySet()) {
            String key = e.getKey();
            String flag = switch (key) {
                case "method" -> "`--method` (or `--map " + MAP + " --norm " + NORM + "`)";
                case "probe_every" -> "none: `adiv probe --every N` probes";
                default -> "`--" + key.replace('_', '-') + "`";
            };
            String value = key.equals(WIDTH) ? MLP_WIDTH + " (mlp), " + CNN_WIDTH + " (cnn)" : String.valueOf(e.getValue());
            t.append("| `").append(key).append("` | ").append(flag).append(" | ").append(value).append(" |\n");
        }
        return t.append("| `seeds` | `--seed` | [").append(SEED).append("] |\n").toString();
    }
}
