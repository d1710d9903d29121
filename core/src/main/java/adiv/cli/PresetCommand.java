package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.Presets;
import adiv.sweep.SweepSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adiv preset}: the paper's experiments as the specs {@code adiv replicate} runs. */
@Command(
        name = "preset",
        mixinStandardHelpOptions = true,
        description = "The paper's experiments as sweep specs (YAML resources in adiv's jar): list them, or show one to"
                + " edit and run with adiv sweep.",
        subcommands = {PresetCommand.Show.class, PresetCommand.ListPresets.class})
final class PresetCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: show or list");
    }

    private static void requireScale(String scale) {
        if (!Presets.SCALES.contains(scale)) {
            throw new UserError("--scale must be one of " + String.join(", ", Presets.SCALES) + ", got '" + scale + "'");
        }
    }

    private static void requirePreset(String preset) {
        if (!Presets.NAMES.contains(preset)) {
            throw new UserError("unknown preset '" + preset + "': expected one of " + String.join(", ", Presets.NAMES));
        }
    }

    /** {@code adiv preset show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints a preset's spec at a scale, claims included: what adiv replicate --preset PRESET --scale"
                    + " SCALE runs. Save it, edit it, run it with adiv sweep FILE --out DIR.",
                "Example: adiv preset show fig1 --scale verdict > my-fig1.yaml"})
    static final class Show extends ResultCommand {

        @Parameters(index = "0", paramLabel = "PRESET", description = "fig1, fig2, fig5, table1, fig8 or fig9 (the paper's),"
                + " optimiser or lr (questions the paper leaves open, MATH.md §11).")
        String preset;

        @Option(names = "--scale", description = "smoke, quick, paper or verdict (default: ${DEFAULT-VALUE}).")
        String scale = "smoke";

        @Option(names = "--dataset", description = "The data set the spec names (default: ${DEFAULT-VALUE}).")
        String dataset = DatasetName.FASHION_MNIST.id();

        @Option(names = "--file", description = "Print the preset's file instead: every scale, and beside each choice why"
                + " it was made (core/src/main/resources/adiv/presets/ in the repository).")
        boolean file;

        @Override
        public Integer call() throws IOException {
            requirePreset(preset);
            requireScale(scale);
            String yaml = file ? Presets.file(preset) : Presets.yaml(preset, scale, DatasetName.parse(dataset).id());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, new ObjectMapper(new YAMLFactory()).readTree(yaml));
            } else {
                out.print(yaml);
                out.flush();
            }
            return 0;
        }
    }

    /** {@code adiv preset list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the presets with their runs at each scale and the claims each tests.")
    static final class ListPresets extends ResultCommand {

        @Override
        public Integer call() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String p : Presets.NAMES) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("preset", p);
                row.put("in_all", Presets.PAPER.contains(p));
                Map<String, Object> runs = new LinkedHashMap<>();
                SweepSpec any = null;
                for (String s : Presets.SCALES) {
                    any = SweepSpec.parse(Presets.yaml(p, s, DatasetName.FASHION_MNIST.id()), p + "-" + s);
                    runs.put(s, any.runs().size());
                }
                row.put("runs", runs);
                row.put("claims", any.claims().stream().map(c -> c.id()).toList());
                rows.add(row);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, Map.of("presets", rows));
                return 0;
            }
            Output.Table table = new Output.Table("preset", "runs: smoke", "quick", "paper", "verdict", "claims").right(1, 2, 3, 4);
            for (Map<String, Object> r : rows) {
                @SuppressWarnings("unchecked")
                Map<String, Object> n = (Map<String, Object>) r.get("runs");
                table.row(r.get("preset"), n.get("smoke"), n.get("quick"), n.get("paper"), n.get("verdict"),
                        String.join(", ", (List<String>) r.get("claims")));
            }
            table.print(out);
            out.printf("%n--preset all runs the paper's: %s; %s ask what the paper leaves open (MATH.md §11) and run by"
                    + " name. adiv preset show PRESET --scale SCALE prints one as a spec for adiv sweep.%n",
                    String.join(", ", Presets.PAPER), String.join(" and ", Presets.OPEN));
            out.flush();
            return 0;
        }
    }
}
