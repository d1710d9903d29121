package adiv.cli;

import adiv.data.DatasetName;
import adiv.report.Report;
import adiv.report.Results;
import adiv.sweep.Presets;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adiv replicate}: the paper's ablations end to end, from data to report. */
@Command(
        name = "replicate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs (or resumes) the paper's ablations and writes their reports: for each preset, a"
                + " sweep directory OUT/PRESET with results.sqlite, report.md, report.html and"
                + " results.csv. Killed at any moment, run it again: finished runs are kept.",
            "Presets: fig1, fig2, fig5, table1, fig8, fig9 (CNNs with PatchNorm), all. Scales: smoke"
                + " (a minute or two per preset, checks the machinery), quick (minutes), paper (the full"
                + " design, for a GPU or a cluster: --executor spark --master URL)."
        })
final class ReplicateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--preset", description = "fig1, fig2, fig5, table1, fig8, fig9 or all (default: ${DEFAULT-VALUE}).")
    String preset = "all";

    @Option(names = "--scale", description = "smoke, quick or paper (default: ${DEFAULT-VALUE}).")
    String scale = "smoke";

    @Option(names = "--dataset", description = "auto (CIFAR-10 if present, else Fashion-MNIST), cifar10 or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "auto";

    @Option(names = "--data-dir", description = "Directory of the data set (default: its usual place).")
    Path dataDir;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "replicate");

    @Option(names = "--json", description = "Print the reports written and the run counts as JSON.")
    boolean json;

    @Mixin ExecutorOptions where = new ExecutorOptions();

    @Override
    public Integer call() throws Exception {
        where.validate();
        Output.directory(out, "--out");
        List<String> presets = preset.equals("all") ? Presets.NAMES : List.of(preset);
        DatasetName data = resolveDataset();
        PrintWriter err = spec.commandLine().getErr();
        Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
        if (dataDir != null) {
            dirs.put(data, dataDir);
        } else {
            // one explicit directory for the workers (Debian's, or the data home)
            dirs.put(data, data.locate().orElseThrow(() -> new UserError(data.missingMessage())));
        }
        List<SweepSpec> specs = new ArrayList<>();
        for (String p : presets) {
            specs.add(SweepSpec.parse(Presets.yaml(p, scale, data.id()), p + "-" + scale));
        }
        err.printf("adiv replicate: %s at scale %s on %s (%s), into %s%n",
                String.join(", ", presets), scale, data.id(),
                dataset.equals("auto") ? "auto: " + (data == DatasetName.CIFAR10 ? "CIFAR-10 found" : "no CIFAR-10, so Fashion-MNIST") : "as asked",
                out);
        err.flush();
        List<Map<String, Object>> written = new ArrayList<>();
        boolean failures = false;
        try (Interrupts interrupts = Interrupts.install();
                ExecutorOptions.Session session = where.open(dirs, err, interrupts.stop())) {
            for (int i = 0; i < presets.size(); i++) {
                Path dir = out.resolve(presets.get(i));
                Output.directory(dir, "--out");
                try (RunStore store = RunStore.open(dir)) {
                    try (SweepProgress progress = new SweepProgress(err, presets.get(i))) {
                        session.run(specs.get(i), store, progress);
                    }
                    if (interrupts.stop().requested()) {
                        return SweepCommand.stopped(err, interrupts.stop().reason(), store, "the same command");
                    }
                    Report.Written w = ReportCommand.write(Results.of(store), dir);
                    Map<String, Integer> counts = store.counts();
                    failures |= counts.getOrDefault(StoredRun.FAILED, 0) > 0;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("preset", presets.get(i));
                    row.put("scale", scale);
                    row.put("dataset", data.id());
                    row.put("counts", counts);
                    row.put("report_md", w.markdown().toString());
                    row.put("report_html", w.html().toString());
                    row.put("results_csv", w.csv().toString());
                    written.add(row);
                }
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Output.json(o, written);
        } else {
            for (Map<String, Object> row : written) {
                o.printf("%s (%s, %s): runs %s; report %s%n", row.get("preset"), scale, data.id(),
                        row.get("counts"), row.get("report_html"));
            }
        }
        return failures ? Main.FAILED : 0;
    }

    private DatasetName resolveDataset() {
        if (!dataset.equals("auto")) {
            return DatasetName.parse(dataset);
        }
        return DatasetName.CIFAR10.present(dataDir) ? DatasetName.CIFAR10 : DatasetName.FASHION_MNIST;
    }
}
