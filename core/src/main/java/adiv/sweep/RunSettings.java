package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.maps.Init;
import adiv.maps.Method;
import adiv.maps.Precision;
import adiv.train.OptimizerKind;
import adiv.train.RunConfig;
import adiv.train.TrainConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of a sweep, every setting resolved: its method's map, normaliser and learning-rate
 * factor applied. {@link #config()} is what the run store keys the run by.
 *
 * @param config every setting, with the method expanded (map, norm, lr as used)
 * @param method the method's name
 */
public record RunSettings(Map<String, Object> config, String method) {

    /** Resolves a point of the grid: the method's settings and checks of every value. */
    static RunSettings resolve(Map<String, Object> settings, Map<String, Method> methods) {
        String method = String.valueOf(settings.get("method"));
        Method m = methods.get(method);
        if (m == null) {
            throw new IllegalArgumentException(
                    "method: unknown method '" + method + "': expected one of " + String.join(", ", methods.keySet())
                            + " (or define it under methods:)");
        }
        Map<String, Object> config = new TreeMap<>(settings);
        if (Precision.parse(String.valueOf(config.getOrDefault("precision", "float32"))) == Precision.FLOAT32) {
            // The default is left out of the configuration, so runs stored before the setting existed
            // keep their keys.
            config.remove("precision");
        }
        config.put("map", m.map());
        config.put("norm", m.norm());
        double lrScale = m.lrScale();
        config.put("lr", number("lr", settings.get("lr")).doubleValue() * lrScale);
        RunSettings run = new RunSettings(java.util.Collections.unmodifiableMap(config), method);
        run.runConfig(); // every value checked, the network's included
        return run;
    }

    private static Number number(String key, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(key + ": expected a number, found '" + v + "'");
    }

    private int integer(String key) {
        Object v = config.get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Math.toIntExact(n.longValue());
        }
        throw new IllegalArgumentException(key + ": expected an integer, found '" + v + "'");
    }

    private boolean bool(String key) {
        Object v = config.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + ": expected true or false, found '" + v + "'");
    }

    private String text(String key) {
        return String.valueOf(config.get(key));
    }

    /** The data set. */
    public DatasetName dataset() {
        return DatasetName.parse(text("dataset"));
    }

    /** Its preprocessing. */
    public Preprocessing preprocessing() {
        return Preprocessing.parse(text("preprocessing"));
    }

    /** The training settings. */
    public TrainConfig trainConfig() {
        return new TrainConfig(
                integer("max_epochs"),
                integer("batch"),
                number("lr", config.get("lr")).floatValue(),
                OptimizerKind.parse(text("opt")),
                ((Number) config.get("seed")).longValue(),
                0,
                number("validation", config.get("validation")).doubleValue(),
                patience(config.get("patience")),
                Precision.parse(String.valueOf(config.getOrDefault("precision", "float32"))));
    }

    /** "none" (train max_epochs) or a positive number of epochs. */
    static int patience(Object v) {
        if (v instanceof String s && s.equalsIgnoreCase("none")) {
            return 0;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return Math.toIntExact(n.longValue());
        }
        throw new IllegalArgumentException("patience: expected a positive number of epochs or none, found '" + v + "'");
    }

    /** Whether the run trains the convolutional network ({@code model: cnn}) rather than the MLP. */
    public boolean cnn() {
        return RunConfig.Model.parse(text("model"), "model") == RunConfig.Model.CNN;
    }

    /** The run, typed: what {@link adiv.train.Networks} builds and the training loop trains. */
    public RunConfig runConfig() {
        return new RunConfig(RunConfig.Model.parse(text("model"), "model"), dataset(), preprocessing(), method, text("map"),
                text("norm"), text("act"), integer("width"), integer("depth"), bool("correct_first"),
                bool("correct_output"), Init.parse(text("init")), trainConfig(), probeEvery());
    }

    /** Probe every N steps, 0 for no probe. */
    public int probeEvery() {
        int every = integer("probe_every");
        if (every < 0) {
            throw new IllegalArgumentException("probe_every: expected 0 or more, found " + every);
        }
        return every;
    }

    /**
     * The plug-in jars its layers are built from as the store records them ("NAME sha256:HEX", ...;
     * "" for adiv's own parts): a rebuilt jar is another method, whatever its name.
     */
    public String plugins() {
        adiv.maps.Methods methods = adiv.maps.Methods.catalogue();
        return adiv.maps.PluginJars.record(methods.jarsOf(text("map"), text("norm")));
    }

    /** The canonical JSON the run store keys this run by. */
    public String canonical() {
        return SweepSpec.canonical(config);
    }
}
