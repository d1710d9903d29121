package adiv.sweep;

import adiv.maps.Method;
import adiv.maps.Methods;
import adiv.maps.PluginCheck;
import adiv.train.RunDefaults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep: fixed settings plus grid axes, read from YAML. Every run is one point of the product of
 * the axes (and of {@code seeds}), with every setting resolved, so that one run's configuration is
 * complete on its own and is stored once (its canonical JSON is the run store's key).
 *
 * <pre>
 * name: table1
 * dataset: fashion-mnist
 * max_epochs: 100       # with patience 10 (the default) on a 10% validation split
 * patience: 10          # or none: train exactly max_epochs
 * seeds: [1, 2, 3]
 * grid:
 *   method: [affine, batchnorm, layernorm, rmsnorm, l2, l2-half, affine-like]
 *   act: [tanh, leaky-relu]
 *   batch: [32, 128, 512]
 * methods:              # optional, more named methods
 *   structural-0.9: {map: "structural:0.9", norm: none}
 * </pre>
 *
 * <p>Any run setting ({@link #SETTINGS}) may be fixed at the top level or be a grid axis; a key that
 * is neither a setting nor one of name, seeds, grid, methods is refused with its name. The same
 * set of hyperparameters applies to every method: a method fixes only its map, normaliser and a
 * factor on the learning rate (for the forms whose step is doubled).
 */
public final class SweepSpec {

    /**
     * Every run setting with its default ({@link RunDefaults}, the MLP's; a CNN's width is its own):
     * one set for every method.
     */
    public static final Map<String, Object> SETTINGS = RunDefaults.settings();

    private static final List<String> STRUCTURE = List.of("name", "seeds", "grid", "methods", "claims");
    /** Older names still read, and what they mean now. */
    private static final Map<String, String> ALIASES = Map.of("epochs", "max_epochs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String name;
    private final String text;
    private final Map<String, Object> fixed;
    private final Map<String, List<Object>> grid;
    private final List<Long> seeds;
    private final Map<String, Method> methods;
    private List<Claim> claims = List.of();

    private SweepSpec(
            String name,
            String text,
            Map<String, Object> fixed,
            Map<String, List<Object>> grid,
            List<Long> seeds,
            Map<String, Method> methods) {
        this.name = name;
        this.text = text;
        this.fixed = fixed;
        this.grid = grid;
        this.seeds = seeds;
        this.methods = methods;
    }

    /**
     * Reads a spec.
     *
     * @param yaml the spec's text
     * @param source where it came from, for error messages
     * @throws IllegalArgumentException naming the key or value at fault
     */
    public static SweepSpec parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping of settings at the top level");
        }
        Methods catalogue = Methods.catalogue();
        Map<String, Method> methods = new LinkedHashMap<>(catalogue.all());
        JsonNode methodsNode = root.get("methods");
        if (methodsNode != null) {
            if (!methodsNode.isObject()) {
                throw new IllegalArgumentException(source + ": methods: expected a mapping of name → {map: ..., norm: ..., lr_scale: ...}");
            }
            methodsNode.fields().forEachRemaining(e -> methods.put(e.getKey(), method(source, catalogue, e.getKey(), e.getValue())));
        }
        Map<String, Object> fixed = new LinkedHashMap<>();
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (STRUCTURE.contains(key)) {
                continue;
            }
            key = alias(source, key, root);
            requireSetting(source, key);
            fixed.put(key, key.equals("lr") && e.getValue().isObject() ? lrPerOptimiser(source, e.getValue())
                    : scalar(source, key, e.getValue()));
        }
        JsonNode gridNode = root.get("grid");
        if (gridNode != null) {
            if (!gridNode.isObject()) {
                throw new IllegalArgumentException(source + ": grid: expected a mapping of setting → list of values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = gridNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = alias(source, e.getKey(), gridNode);
                requireSetting(source, "grid." + key);
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new IllegalArgumentException(source + ": grid." + key + ": expected a non-empty list of values");
                }
                if (fixed.containsKey(key)) {
                    throw new IllegalArgumentException(source + ": " + key + " is both fixed and a grid axis");
                }
                List<Object> values = new ArrayList<>();
                for (JsonNode v : e.getValue()) {
                    values.add(scalar(source, "grid." + key, v));
                }
                grid.put(key, values);
            }
        }
        List<Long> seeds = new ArrayList<>();
        JsonNode seedsNode = root.get("seeds");
        if (seedsNode == null) {
            seeds.add(1L);
        } else {
            if (!seedsNode.isArray() || seedsNode.isEmpty()) {
                throw new IllegalArgumentException(source + ": seeds: expected a non-empty list of integers");
            }
            for (JsonNode s : seedsNode) {
                if (!s.canConvertToLong() || !s.isIntegralNumber()) {
                    throw new IllegalArgumentException(source + ": seeds: expected integers, found " + s);
                }
                seeds.add(s.asLong());
            }
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : "sweep";
        SweepSpec spec = new SweepSpec(name, yaml, fixed, grid, seeds, methods);
        spec.claims = List.copyOf(Claim.parse(source, root.get("claims"), methods));
        List<RunSettings> runs;
        try {
            runs = spec.runs(); // resolves every run once, so that bad values are reported now
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        // A plug-in's forms are run once on a small batch now: a broken one is one line, not every run's failure.
        runs.stream().map(RunSettings::method).distinct().forEach(m -> PluginCheck.check(catalogue, methods.get(m)));
        for (int i = 0; i < spec.claims.size(); i++) {
            requireData(source + ": claims[" + i + "] (" + spec.claims.get(i).id() + ")", spec.claims.get(i), runs,
                    List.copyOf(grid.keySet()));
        }
        return spec;
    }

    /**
     * Refuses a claim the sweep's runs cannot answer, before hours of training end in a word that
     * looks as if the data had spoken: a method the grid lacks, a slope without a batch axis, the
     * probe's spread without {@code probe_every}, "the best" without a validation split to choose on,
     * an axis to grow along, tune or take a shortfall over that the grid does not vary for the claim's
     * methods (or, for the last two, without a validation split), a grows claim's from or to that is
     * not a value of its axis.
     *
     * @param axes the grid's axes
     */
    private static void requireData(String where, Claim claim, List<RunSettings> all, List<String> axes) {
        for (Map.Entry<String, Object> w : claim.where().entrySet()) {
            if (!SETTINGS.containsKey(w.getKey())) {
                throw new IllegalArgumentException(where + ": where." + w.getKey() + ": not a setting (expected one of "
                        + String.join(", ", SETTINGS.keySet()) + ")");
            }
            List<Object> trained = all.stream().filter(r -> r.method().equals(claim.method())).map(r -> r.config().get(w.getKey()))
                    .distinct().toList();
            if (trained.stream().noneMatch(v -> Claim.sameValue(v, w.getValue()))) {
                throw new IllegalArgumentException(where + ": where." + w.getKey() + ": " + w.getValue() + " is not a value"
                        + " the grid trains " + claim.method() + " at (it trains " + trained + ")");
            }
        }
        // the claim is judged on the runs its where admits
        List<RunSettings> runs = all.stream().filter(r -> claim.admits(r.config())).toList();
        List<String> methods = runs.stream().map(RunSettings::method).distinct().toList();
        List<String> named = new ArrayList<>(List.of(claim.method()));
        named.addAll(claim.against());
        for (String m : named) {
            if (!methods.contains(m)) {
                throw new IllegalArgumentException(where + ": method '" + m + "' has no runs in this sweep (its methods: "
                        + String.join(", ", methods) + "); add it to grid.method or drop it from the claim");
            }
        }
        List<RunSettings> mine = runs.stream().filter(r -> r.method().equals(claim.method())).toList();
        if (claim.test().slope()
                && mine.stream().map(r -> String.valueOf(r.config().get("batch"))).distinct().count() < 2) {
            throw new IllegalArgumentException(where + ": a " + claim.test().word() + " claim fits accuracy against log2"
                    + " batch and needs at least two batch sizes; add grid.batch");
        }
        if (claim.test() == Claim.Test.GROWS) {
            String along = claim.along();
            List<Object> values = mine.stream().map(r -> r.config().get(along)).distinct().toList();
            if (!axes.contains(along) || values.size() < 2) {
                throw new IllegalArgumentException(where + ": along: " + along + " must be a grid axis of at least two"
                        + " values for the method's runs (found " + values + ")");
            }
            Object[] given = {claim.from(), claim.to()};
            for (int k = 0; k < 2; k++) {
                Object end = given[k];
                for (String m : named) {
                    List<Object> theirs = runs.stream().filter(r -> r.method().equals(m)).map(r -> r.config().get(along))
                            .distinct().toList();
                    if (end != null && theirs.stream().noneMatch(v -> Claim.sameValue(end, v))) {
                        throw new IllegalArgumentException(where + ": " + (k == 0 ? "from" : "to") + ": '" + end
                                + "' is not a value of " + along + " for " + m + "'s runs (its values: " + theirs + ")");
                    }
                }
            }
            Object[] ends = claim.ends(values);
            if (ends == null) {
                throw new IllegalArgumentException(where + ": along: " + along + " " + values + " is not an axis of"
                        + " numbers, so it has no smallest or largest value; give from and to, the two values whose"
                        + " leads are compared");
            }
            if (Claim.sameValue(ends[0], ends[1])) {
                throw new IllegalArgumentException(where + ": from and to are the same value of " + along + " ("
                        + ends[0] + (claim.from() == null || claim.to() == null ? ", a default included" : "")
                        + "); a lead grows between two values");
            }
        }
        for (String key : List.of("tuned", "over")) {
            String axis = key.equals("tuned") ? claim.tuned() : claim.over();
            if (axis.isEmpty()) {
                continue;
            }
            String why = key.equals("tuned") ? "each method is compared at its own best value of an axis the grid varies"
                    : "a tuning shortfall is taken over the values of an axis the grid varies";
            if (!axes.contains(axis)) {
                throw new IllegalArgumentException(where + ": " + key + ": " + axis + " is not a grid axis (its axes: "
                        + String.join(", ", axes) + "); " + why);
            }
            for (String m : named) {
                List<Object> values = runs.stream().filter(r -> r.method().equals(m)).map(r -> r.config().get(axis))
                        .distinct().toList();
                if (values.size() < 2) {
                    throw new IllegalArgumentException(where + ": " + key + ": " + axis + " takes one value for " + m
                            + "'s runs (" + values + "); " + why + ", and needs at least two to choose from");
                }
            }
            for (RunSettings r : runs) {
                if (named.contains(r.method()) && !(r.trainConfig().validation() > 0)) {
                    throw new IllegalArgumentException(where + ": " + key + ": the value of " + axis + " is chosen on"
                            + " validation accuracy (never on the test set) and needs a validation split; set validation"
                            + " (e.g. 0.1)");
                }
            }
        }
        if (Claim.RATIO_SPREAD.equals(claim.metric())) {
            for (RunSettings r : runs) {
                if (named.contains(r.method()) && r.probeEvery() <= 0) {
                    throw new IllegalArgumentException(where + ": a " + Claim.RATIO_SPREAD + " claim compares what the"
                            + " probe measures; set probe_every (e.g. 200)");
                }
            }
        }
        if (claim.best()) {
            for (RunSettings r : runs) {
                if (claim.against().contains(r.method()) && !(r.trainConfig().validation() > 0)) {
                    throw new IllegalArgumentException(where + ": vs: best chooses the opponent on validation accuracy"
                            + " (never on the test set) and needs a validation split; set validation (e.g. 0.1)");
                }
            }
        }
    }

    /**
     * {@code lr: {adam: 0.001, sgd: 0.05}}: one learning rate per optimiser, for a grid over {@code
     * opt} (each optimiser's one rate, the same for every method, MATH.md §11). Each run records the
     * rate it trained with.
     */
    private static Map<String, Object> lrPerOptimiser(String source, JsonNode node) {
        Map<String, Object> rates = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                adiv.train.OptimizerKind.parse(e.getKey());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(source + ": lr." + e.getKey() + ": " + bad.getMessage()
                        + " (lr: {OPTIMISER: RATE, ...} gives each optimiser its rate)");
            }
            if (!e.getValue().isNumber() || !(e.getValue().asDouble() > 0)) {
                throw new IllegalArgumentException(source + ": lr." + e.getKey() + ": expected a positive number, found "
                        + e.getValue());
            }
            rates.put(e.getKey().trim().toLowerCase(), e.getValue().asDouble());
        }
        if (rates.isEmpty()) {
            throw new IllegalArgumentException(source + ": lr: expected a number, or a rate per optimiser {adam: ..., sgd: ...}");
        }
        return rates;
    }

    /** A setting's current name for an older one ({@code epochs} is {@code max_epochs}), refusing both at once. */
    private static String alias(String source, String key, JsonNode siblings) {
        String now = ALIASES.get(key);
        if (now == null) {
            return key;
        }
        if (siblings.has(now)) {
            throw new IllegalArgumentException(source + ": " + key + " and " + now + " mean the same; give one");
        }
        return now;
    }

    private static void requireSetting(String source, String key) {
        String bare = key.startsWith("grid.") ? key.substring(5) : key;
        if (!SETTINGS.containsKey(bare)) {
            throw new IllegalArgumentException(
                    source + ": unknown key '" + key + "': expected one of " + String.join(", ", SETTINGS.keySet())
                            + (key.startsWith("grid.") ? "" : ", or name, seeds, grid, methods, claims"));
        }
    }

    private static Object scalar(String source, String key, JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        throw new IllegalArgumentException(source + ": " + key + ": expected a single value, found " + v);
    }

    /** A method the spec composes from registered parts: {map, norm, lr_scale}. */
    private static Method method(String source, Methods catalogue, String name, JsonNode node) {
        String where = source + ": methods." + name;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected {map: ..., norm: ..., lr_scale: ...}");
        }
        String map = "affine";
        String norm = "none";
        double lrScale = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Object v = scalar(source, "methods." + name + "." + e.getKey(), e.getValue());
            switch (e.getKey()) {
                case "map" -> map = String.valueOf(v);
                case "norm" -> norm = String.valueOf(v);
                case "lr_scale" -> {
                    if (!(v instanceof Number n)) {
                        throw new IllegalArgumentException(where + ".lr_scale: expected a number, found '" + v + "'");
                    }
                    lrScale = n.doubleValue();
                }
                default -> throw new IllegalArgumentException(
                        where + ": unknown key '" + e.getKey() + "': expected map, norm or lr_scale");
            }
        }
        try {
            return catalogue.compose(where, name, map, norm, lrScale, "spec " + source);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** Every method the spec can name: the catalogue's and its own {@code methods:}. */
    public Map<String, Method> methods() {
        return java.util.Collections.unmodifiableMap(methods);
    }

    /** What the sweep tests (its {@code claims:}), in the order written. */
    public List<Claim> claims() {
        return claims;
    }

    /** The spec's name. */
    public String name() {
        return name;
    }

    /** The spec's text, as stored with the sweep. */
    public String text() {
        return text;
    }

    /**
     * Every run of the sweep, fully resolved: the grid's product (in the order the axes are
     * written, the last varying fastest) times the seeds.
     */
    public List<RunSettings> runs() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        List<RunSettings> runs = new ArrayList<>();
        for (Map<String, Object> p : points) {
            for (long seed : seeds) {
                Object model = p.getOrDefault("model", fixed.getOrDefault("model", RunDefaults.MODEL));
                Map<String, Object> settings = new TreeMap<>(RunDefaults.settings(String.valueOf(model)));
                settings.putAll(fixed);
                settings.putAll(p);
                settings.put("seed", seed);
                if (settings.get("lr") instanceof Map<?, ?> rates) {
                    String opt = String.valueOf(settings.get("opt")).trim().toLowerCase();
                    if (!rates.containsKey(opt)) {
                        throw new IllegalArgumentException("lr: no rate for opt '" + opt + "' (lr gives " + rates.keySet() + ")");
                    }
                    settings.put("lr", rates.get(opt));
                }
                runs.add(RunSettings.resolve(settings, methods));
            }
        }
        return runs;
    }

    /** A configuration as canonical JSON: sorted keys, so that equal runs hash alike. */
    static String canonical(Map<String, Object> config) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
