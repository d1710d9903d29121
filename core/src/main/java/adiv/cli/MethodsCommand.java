package adiv.cli;

import adiv.maps.Method;
import adiv.maps.Methods;
import adiv.maps.Normaliser;
import adiv.maps.PluginJars;
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
            "Then every normaliser a method (or a spec's methods:, or --norm) can name, with its origin, whether it"
                + " has a form after a convolution and whether it trains parameters of its own.",
            "A spec's grid names them under method:, adiv train and probe take a map by --map."
        })
final class MethodsCommand extends ResultCommand {

    @Override
    public Integer call() {
        Methods catalogue = Methods.catalogue();
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = catalogue.all().values().stream().map(m -> row(catalogue, m)).toList();
        List<Map<String, Object>> norms = catalogue.normalisers().values().stream().map(MethodsCommand::row).toList();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("methods", rows);
            o.put("normalisers", norms);
            o.put("plugins", Methods.pluginJars().stream().map(Object::toString).toList());
            o.put("plugin_sha256", PluginJars.describe(Methods.pluginJars()));
            Output.json(out, o);
            return 0;
        }
        Output.Table table = new Output.Table("method", "origin", "map", "norm", "lr x", "mlp", "cnn", "kernel", "what it is");
        for (Map<String, Object> r : rows) {
            table.row(String.valueOf(r.get("name")), String.valueOf(r.get("origin")), String.valueOf(r.get("map")),
                    String.valueOf(r.get("norm")), String.valueOf(r.get("lr_scale")), yes(r.get("mlp")), yes(r.get("cnn")),
                    yes(r.get("kernel")), String.valueOf(r.get("description")));
        }
        table.print(out);
        out.println();
        Output.Table normTable = new Output.Table("normaliser", "origin", "mlp", "cnn", "trained", "what it is");
        for (Map<String, Object> r : norms) {
            normTable.row(String.valueOf(r.get("name")), String.valueOf(r.get("origin")), "yes", yes(r.get("cnn")),
                    yes(r.get("trained")), String.valueOf(r.get("description")));
        }
        normTable.print(out);
        out.printf("%n%d methods and %d normalisers%s. A spec composes more under methods: {map, norm, lr_scale}; a jar"
                + " adds its own (README, \"Your own map (or normaliser)\"; adiv plugin new DIR writes a skeleton).%n",
                rows.size(), norms.size(), Methods.pluginJars().isEmpty() ? ""
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
        r.put("jars", catalogue.jarsOf(m).stream().map(j -> j.getFileName().toString()).toList());
        r.put("description", m.description());
        return r;
    }

    /** One normaliser as JSON fields: trained is whether it has parameters of its own that training changes. */
    static Map<String, Object> row(Normaliser n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", n.name());
        r.put("origin", n.origin());
        r.put("cnn", n.conv() != null);
        r.put("trained", n.dense().create(4).hasTrainableParameters());
        r.put("description", n.description());
        return r;
    }
}
