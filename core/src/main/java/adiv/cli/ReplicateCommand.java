package adiv.cli;

import adiv.data.DatasetName;
import adiv.report.ClaimEvaluation;
import adiv.report.Report;
import adiv.report.VerdictPage;
import adiv.report.Results;
import adiv.sweep.DryRun;
import adiv.sweep.Presets;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code adiv replicate}: the paper's ablations end to end, from data to report. */
@Command(
        name = "replicate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs (or resumes) the paper's ablations and writes their reports: for each preset, a"
                + " sweep directory OUT/PRESET with results.sqlite, report.md, report.html and"
                + " results.csv. Killed at any moment, run it again: finished runs are kept.",
            "Presets: fig1, fig2, fig5, table1, fig8, fig9 (CNNs with PatchNorm), all. Scales: smoke"
                + " (seconds to a minute per preset, checks the machinery), quick (minutes), verdict (the claims"
                + " tested: five seeds, trained until validation accuracy stagnates; from minutes to about two"
                + " hours per preset on two cores, BENCHMARKS.md; --dry-run estimates it here), paper (the full"
                + " design, for a GPU or a cluster: --executor spark --master URL).",
            "Writes OUT/verdict.md and OUT/verdict.html: one row per claim of every preset, judged."
        })
final class ReplicateCommand extends ResultCommand {

    @Option(names = "--preset", description = "fig1, fig2, fig5, table1, fig8, fig9 or all (the paper's six), or optimiser or lr"
            + " (questions the paper leaves open, MATH.md §11; not in all), or several joined by commas"
            + " (optimiser,lr): one verdict page for them all (default: ${DEFAULT-VALUE}).")
    String preset = "all";

    @Option(names = "--scale", description = "smoke, quick, verdict or paper (default: ${DEFAULT-VALUE}).")
    String scale = "smoke";

    @Option(names = "--dataset", description = "auto (CIFAR-10 if present, else Fashion-MNIST), cifar10 or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset = "auto";

    @Option(names = "--data-dir", paramLabel = DataDirs.LABEL, description = DataDirs.HELP)
    List<String> dataDirs = new ArrayList<>();

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "replicate");

    @Mixin ExecutorOptions where = new ExecutorOptions();

    @Option(names = "--dry-run", description = "For each preset, print the planned runs (and how many OUT already holds),"
            + " the methods and where each comes from, the claims, and the time it would take from a short timed run of"
            + " each network, with --parallel's runs side by side; train nothing and write nothing.")
    boolean dryRun;

    @Option(names = "--cores", paramLabel = "N", description = "With --dry-run: also plan for a machine of N cores as"
            + " fast as these, one single-threaded run per core: wall time and the memory its workers need.")
    Integer cores;

    @Override
    public Integer call() throws Exception {
        if (cores != null && (cores < 1 || !dryRun)) {
            throw new UserError(cores < 1 ? "--cores must be at least 1, got " + cores
                    : "--cores plans a dry run: add --dry-run");
        }
        // Every argument is checked before the data is looked for and before anything is written: a
        // typo is named as such, and a command that exits 2 leaves nothing behind.
        where.validate();
        List<String> presets = new java.util.ArrayList<>();
        for (String p : preset.split(",", -1)) {
            List<String> named = p.strip().equals("all") ? Presets.PAPER : List.of(p.strip());
            for (String n : named) {
                if (!Presets.NAMES.contains(n)) {
                    throw new UserError("--preset must be one of " + String.join(", ", Presets.NAMES) + " or all (the"
                            + " paper's: " + String.join(", ", Presets.PAPER) + "), or several joined by commas, got '"
                            + preset + "'");
                }
                if (!presets.contains(n)) {
                    presets.add(n);
                }
            }
        }
        if (!Presets.SCALES.contains(scale)) {
            throw new UserError("--scale must be one of " + String.join(", ", Presets.SCALES) + ", got '" + scale + "'");
        }
        if (!dataset.equals("auto")) {
            DatasetName.parse(dataset);
        }
        DatasetName data = resolveDataset();
        PrintWriter err = spec.commandLine().getErr();
        Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
        Path dataDir = DataDirs.parse(dataDirs, List.of(data)).get(data);
        if (dataDir != null) {
            dirs.put(data, dataDir);
        } else {
            // one explicit directory for the workers (Debian's, or the data home)
            dirs.put(data, data.locate().orElseThrow(() -> new UserError(data.missingMessage())));
        }
        if (dataDir != null && !dryRun && !data.present(dataDir)) {
            data.load(dataDir); // its precise complaint: which file is missing or malformed
        }
        List<SweepSpec> specs = new ArrayList<>();
        for (String p : presets) {
            specs.add(SweepSpec.parse(Presets.yaml(p, scale, data.id()), p + "-" + scale));
        }
        if (!dryRun) {
            Output.creatable(out, "--out");
        }
        if (dryRun) {
            List<Map<String, Object>> plans = new ArrayList<>();
            List<DryRun.Plan> planned = new ArrayList<>();
            for (int i = 0; i < presets.size(); i++) {
                DryRun.Plan plan = SweepCommand.dryRun(specs.get(i), out.resolve(presets.get(i)), dirs,
                        SweepRunner.parallel(where.parallel), err);
                planned.add(plan);
                if (json) {
                    plans.add(DryRunOutput.json(plan, cores));
                } else {
                    DryRunOutput.print(spec.commandLine().getOut(), plan, out.resolve(presets.get(i)).toString(), cores);
                    spec.commandLine().getOut().println();
                }
            }
            if (json) {
                Output.json(spec.commandLine().getOut(), Map.of("presets", plans));
            } else if (planned.size() > 1) {
                DryRunOutput.printTotal(spec.commandLine().getOut(), planned, cores);
            }
            return 0;
        }
        err.printf("adiv replicate: %s at scale %s on %s (%s), into %s%n",
                String.join(", ", presets), scale, data.id(),
                dataset.equals("auto") ? "auto: " + (data == DatasetName.CIFAR10 ? "CIFAR-10 found" : "no CIFAR-10, so Fashion-MNIST") : "as asked",
                out);
        err.flush();
        List<Map<String, Object>> written = new ArrayList<>();
        List<VerdictPage.Preset> verdicts = new ArrayList<>();
        boolean failures = false;
        try (Interrupts interrupts = Interrupts.install();
                ExecutorOptions.Session session = where.open(dirs, err, interrupts.stop())) {
            for (int i = 0; i < presets.size(); i++) {
                Path dir = out.resolve(presets.get(i));
                try (RunStore store = SweepCommand.openStore(dir)) {
                    try (SweepProgress progress = new SweepProgress(err, presets.get(i))) {
                        session.run(specs.get(i), store, progress);
                    }
                    if (interrupts.stop().requested()) {
                        return SweepCommand.stopped(err, interrupts.stop().reason(), store, "the same command");
                    }
                    Results results = Results.of(store);
                    Report.Written w = ReportCommand.write(store, results, dir);
                    List<ClaimEvaluation.ClaimResult> claims = ClaimEvaluation.evaluate(results.claims(), results);
                    verdicts.add(new VerdictPage.Preset(presets.get(i), w.html(), claims, results));
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
                    row.put("claims", claimsJson(claims));
                    written.add(row);
                }
            }
        }
        VerdictPage.Written page = VerdictPage.write(out, scale, verdicts);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            written.forEach(row -> row.put("verdict_md", page.markdown().toString()));
            Output.json(o, written);
        } else {
            for (Map<String, Object> row : written) {
                @SuppressWarnings("unchecked")
                Map<String, Integer> counts = (Map<String, Integer>) row.get("counts");
                o.printf("%s (%s, %s): %s; report %s%n", row.get("preset"), scale, data.id(), Output.counts(counts),
                        row.get("report_html"));
            }
            o.printf("the verdict, each claim's word first: %s%n", page.html());
        }
        return failures ? Main.FAILED : 0;
    }

    /** Each claim's word and numbers, for --json. */
    private static List<Map<String, Object>> claimsJson(List<ClaimEvaluation.ClaimResult> claims) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClaimEvaluation.ClaimResult c : claims) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.claim().id());
            r.put("level", c.level());
            r.put("test", c.claim().test().word());
            r.put("pooled", c.claim().pooled());
            r.put("verdict", c.judgement().verdict().word());
            r.put("tests_verdict", c.judgement().fromCi().word());
            r.put("on_final", c.judgementLast().verdict().word());
            r.put("m", c.m());
            ClaimEvaluation.Comparison w = c.weakest();
            if (w != null) {
                r.put("weakest_against", w.against());
                r.put("weakest_cell", w.cell());
                if (!w.chosen().isEmpty()) {
                    r.put("weakest_chosen", w.chosen()); // method → the tuned axis's value chosen on validation
                }
                r.put("effect", finite(w.selected().estimate()));
                r.put("ci95", java.util.Arrays.asList(finite(w.selected().ci95Low()), finite(w.selected().ci95High())));
                r.put("p", finite(w.selected().test().p()));
                r.put("p_other_way", finite(w.selected().test().pAgainst()));
                r.put("holm_p_other_way", finite(w.holmP()));
            }
            r.put("seeds", c.seeds());
            r.put("runs", c.runs());
            r.put("runs_at_max_epochs", c.hitMaxEpochs());
            r.put("runs_diverged", c.diverged());
            r.put("mean_epochs", c.meanEpochs());
            r.put("dataset", c.dataset());
            rows.add(r);
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private DatasetName resolveDataset() {
        if (!dataset.equals("auto")) {
            return DatasetName.parse(dataset);
        }
        // auto: CIFAR-10 where --data-dir (a bare DIR, or cifar10=DIR) or its usual place holds it
        Path given = DataDirs.parse(dataDirs, List.of(DatasetName.CIFAR10)).get(DatasetName.CIFAR10);
        return DatasetName.CIFAR10.present(given) ? DatasetName.CIFAR10 : DatasetName.FASHION_MNIST;
    }
}
