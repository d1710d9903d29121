package adiv.cli;

import adiv.maps.Method;
import adiv.maps.Methods;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code adiv methods}: every method a spec, a flag or a claim can name, with where it comes from. */
@Command(
        name = "methods",
        mixinStandardHelpOptions = true,
        description = {
            "Lists every method: adiv's own and those of plug-in jars (--plugins DIR or $ADIV_PLUGINS), with its"
                + " origin, the map and normaliser its layers use, its factor on the learning rate, and what it"
                + " supports: mlp (a dense form), cnn (a convolution), kernel (it states its one-step kernel,"
                + " which adiv theory --map compares with a real step).",
            "A spec's grid names them under method:, adiv train and probe take a map by --map."
        })
final class MethodsCommand extends ResultCommand {

    @Override
    public Integer call() {
        Methods catalogue = Methods.catalogue();
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = catalogue.all().values().stream().map(m -> row(catalogue, m)).toList();
        if (json) {
            Output.json(out, Map.of("methods", rows, "plugins", Methods.pluginJars().stream().map(Object::toString).toList()));
            return 0;
        }
        Output.Table table = new Output.Table("method", "origin", "map", "norm", "lr x", "mlp", "cnn", "kernel", "what it is");
        for (Map<String, Object> r : rows) {
            table.row(String.valueOf(r.get("name")), String.valueOf(r.get("origin")), String.valueOf(r.get("map")),
                    String.valueOf(r.get("norm")), String.valueOf(r.get("lr_scale")), yes(r.get("mlp")), yes(r.get("cnn")),
                    yes(r.get("kernel")), String.valueOf(r.get("description")));
        }
        table.print(out);
        out.printf("%n%d methods%s. A spec composes more under methods: {map, norm, lr_scale}; a jar adds its own"
                + " (README, \"Your own map\").%n", rows.size(), Methods.pluginJars().isEmpty() ? ""
                : ", plug-ins from " + String.join(", ", Methods.pluginJars().stream().map(Object::toString).toList()));
        out.flush();
        return 0;
    }

    private static String yes(Object b) {
        return Boolean.TRUE.equals(b) ? "yes" : "-";
    }

    /** One method as JSON fields. */
    static Map<String, Object> row(Methods catalogue, Method m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", m.name());
        r.put("origin", m.origin());
        r.put("map", m.map());
        r.put("norm", m.norm());
        r.put("lr_scale", m.lrScale());
        r.put("mlp", catalogue.mlp(m));
        r.put("cnn", catalogue.cnn(m));
        r.put("kernel", catalogue.kernel(m));
        r.put("description", m.description());
        return r;
    }
}
