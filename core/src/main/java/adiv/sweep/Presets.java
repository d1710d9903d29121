package adiv.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The paper's experiments as sweep specs, each at four scales: the YAML resources
 * {@code adiv/presets/PRESET.yaml} (one per figure or table: the settings of every scale under
 * {@code all:}, each scale's laid over them, the claims), read and written out here as the spec a
 * user can edit and run with {@code adiv sweep} ({@code adiv preset show}). What each preset tests
 * and why each grid is what it is is written beside it in its file.
 *
 * <ul>
 *   <li>{@code fig1}: the normalisers and the affine-like map × {tanh, leaky-ReLU} × widths × depths;
 *   <li>{@code fig2}: the width trend (tanh);
 *   <li>{@code fig5}: no activation, so that parameterless normalisers are the only nonlinearity;
 *   <li>{@code table1}: the methods × activations × batch sizes (accuracy and its slope);
 *   <li>{@code fig8}: convolutional networks, PatchNorm against the plain convolution and the
 *       conventional normalisers;
 *   <li>{@code fig9}: a deeper CNN × batch sizes (MATH.md §5);
 *   <li>the questions the paper leaves open (MATH.md §11), run by name: {@code optimiser} (Adam
 *       against plain SGD), {@code lr} (learning rates tuned per method), {@code depth} (1 to 8
 *       hidden layers), {@code residual} (the residual MLP of MATH.md §7).
 * </ul>
 */
public final class Presets {

    /** The paper's own experiments, in the order {@code all} runs them. */
    public static final List<String> PAPER = List.of("fig1", "fig2", "fig5", "table1", "fig8", "fig9");

    /** The questions the paper leaves open (MATH.md §11): run by name, not by {@code all}. */
    public static final List<String> OPEN = List.of("optimiser", "lr", "depth", "residual");

    /** Every preset: the paper's, then the open questions. */
    public static final List<String> NAMES = java.util.stream.Stream.concat(PAPER.stream(), OPEN.stream()).toList();

    /** The scales. */
    public static final List<String> SCALES = List.of("smoke", "quick", "paper", "verdict");

    /** Where the resources are. */
    static final String RESOURCES = "/adiv/presets/";

    /** The keys a spec starts with, in this order; the rest follow as the preset's file has them, then grid and claims. */
    private static final List<String> LEADING = List.of("model", "max_epochs", "patience", "validation", "lr", "opt",
            "probe_every", "seeds");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._+()-]*");
    private static final List<String> RESERVED = List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private Presets() {}

    /**
     * The spec of a preset at a scale on a data set, as YAML.
     *
     * @throws IllegalArgumentException for an unknown preset or scale
     */
    public static String yaml(String preset, String scale, String dataset) {
        if (!NAMES.contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "': expected " + String.join(", ", NAMES) + " or all");
        }
        if (!SCALES.contains(scale)) {
            throw new IllegalArgumentException("unknown scale '" + scale + "': expected " + String.join(", ", SCALES));
        }
        JsonNode file = resource(preset);
        ObjectNode spec = ((ObjectNode) file.get("all")).deepCopy();
        overlay(spec, file.get(scale));
        StringBuilder y = new StringBuilder();
        y.append("# ").append(preset).append(" at the ").append(scale).append(" scale, from ").append(RESOURCES.substring(1))
                .append(preset).append(".yaml (why each setting is what it is: adiv preset show ").append(preset).append(" --file)\n");
        y.append("name: ").append(preset).append('-').append(scale).append('\n');
        y.append("dataset: ").append(scalar(dataset)).append('\n');
        List<String> keys = new ArrayList<>(LEADING);
        spec.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k) && !k.equals("grid")) {
                keys.add(k);
            }
        });
        keys.add("grid");
        for (String k : keys) {
            if (spec.has(k)) {
                write(y, "", k, spec.get(k));
            }
        }
        y.append("claims:\n");
        for (JsonNode claim : file.get("claims")) {
            String indent = "  - ";
            for (Iterator<Map.Entry<String, JsonNode>> it = claim.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                write(y, indent, e.getKey(), e.getValue());
                indent = "    ";
            }
        }
        return y.toString();
    }

    /** A preset's file as it is written: every scale, and the reasons beside the choices. */
    public static String file(String preset) {
        if (!NAMES.contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "': expected " + String.join(", ", NAMES));
        }
        try (InputStream in = Presets.class.getResourceAsStream(RESOURCES + preset + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("adiv's jar lacks " + RESOURCES + preset + ".yaml");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A preset's file, parsed. */
    private static JsonNode resource(String preset) {
        try {
            return YAML.readTree(file(preset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lays a scale's settings over the shared ones: a mapping (the grid) key by key, anything else replaced. */
    private static void overlay(ObjectNode base, JsonNode scale) {
        scale.fields().forEachRemaining(e -> {
            JsonNode had = base.get(e.getKey());
            if (had instanceof ObjectNode o && e.getValue().isObject()) {
                overlay(o, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** One key: a scalar or a list of scalars on its line, a mapping indented below it. */
    private static void write(StringBuilder y, String indent, String key, JsonNode value) {
        y.append(indent).append(key).append(':');
        if (value.isObject()) {
            y.append('\n');
            value.fields().forEachRemaining(e -> write(y, indent.replace('-', ' ') + "  ", e.getKey(), e.getValue()));
            return;
        }
        y.append(' ');
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(scalar(v)));
            y.append('[').append(String.join(", ", items)).append(']');
        } else {
            y.append(scalar(value));
        }
        y.append('\n');
    }

    private static String scalar(JsonNode v) {
        return v.isTextual() ? scalar(v.asText()) : v.asText();
    }

    /** A string plain where YAML reads it back as the same string, else double-quoted. */
    private static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase())) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
