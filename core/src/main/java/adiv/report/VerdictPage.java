package adiv.report;

import adiv.sweep.Claim;
import adiv.sweep.RunSettings;
import adiv.sweep.SweepSpec;
import adiv.train.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The page that answers "which of the paper's claims hold, on this data, and how sure is that", for
 * a reader who opens nothing else: verdict.md and verdict.html at the top of a replicate's output.
 * The answer comes first, on one screen: how many claims got each word, then per preset one line per
 * claim ({@link ClaimLines}: its word, a few words of what it claims, the weakest comparison's effect
 * and CI, a small forest plot), each linked to its evidence. Below, the rules (folded), and per
 * preset the protocol in full, each method's accuracy (mean ± SE over seeds, as the paper reports
 * it), and per claim the paper's sentence, the word on the selected and on the last epoch, a forest
 * plot of every comparison (effect and CI as a line, zero and the margin marked (−δ for
 * non-inferiority, ±δ for equivalence); the comparisons the word rests on dark, a pooled claim's
 * cells grey) and the table behind it. Figures go to verdict-figures/ beside the page.
 */
public final class VerdictPage {

    /** One preset's claims, judged, its runs, and where its report is. */
    public record Preset(String name, Path report, List<ClaimEvaluation.ClaimResult> claims, Results results) {}

    /** The files written. */
    public record Written(Path markdown, Path html) {}

    /** Where the forest plots go, beside the page. */
    static final String FIGURES = "verdict-figures";

    private VerdictPage() {}

    /**
     * Writes verdict.md, verdict.html and their figures into dir: the answer first (how many claims got
     * each word, then per preset one line per claim), then how the words are decided, folded, then
     * per preset the evidence (protocol, each method's accuracy, and per claim the paper's sentence,
     * both words, the forest plot and every comparison), then links to the reports.
     *
     * @param scale the scale the presets ran at, said at the top
     */
    public static Written write(Path dir, String scale, List<Preset> presets) throws IOException {
        String title = "adiv: the paper's claims, " + scale + " scale";
        Markup page = Markup.page(title, "75em");
        List<ClaimEvaluation.ClaimResult> all = presets.stream().flatMap(p -> p.claims().stream()).toList();
        page.lead(ClaimLines.count(all) + ".");
        page.paragraph((scale.equals("verdict") ? ""
                : "At the " + scale + " scale the runs are short and few: read the words as a check of the machinery,"
                        + " not as a verdict (--scale verdict trains until stagnation). ")
                + "Each line: the claim's word, what it claims, the comparison least in its favour (effect and CI),"
                + " and every comparison's CI drawn (zero solid, the margin dashed). Written "
                + Markup.utc(Instant.now()) + ".");
        for (Preset p : presets) {
            page.heading(2, p.name() + ": " + ClaimLines.count(p.claims()), p.name());
            ClaimLines.write(page, p.claims(), c -> anchor(p.name(), c));
            page.paragraph("Report: " + relative(dir, p.report()).replaceAll("report\\.html$", "report.md") + ". "
                    + dataset(p.results()));
        }
        page.heading(2, "How the words are decided");
        page.fold("The rules (MATH.md §10–11)").paragraph(ClaimsTable.NOTE).endFold();
        Path figures = dir.resolve(FIGURES);
        for (Preset p : presets) {
            page.heading(2, p.name() + ": the evidence");
            page.paragraph(protocol(p.results()));
            String jars = plugins(p.results());
            if (jars != null) {
                page.paragraph(jars);
            }
            page.heading(3, p.name() + ": accuracy of each method (test, mean ± SE over seeds)");
            page.table(Report.configurationTable(p.results()));
            for (ClaimEvaluation.ClaimResult c : p.claims()) {
                claim(page, p.name(), c, figures);
            }
        }
        page.heading(2, "Reports");
        List<String[]> links = new ArrayList<>();
        for (Preset p : presets) {
            String html = relative(dir, p.report());
            links.add(new String[] {p.name(), html.replaceAll("report\\.html$", "report.md"), html});
        }
        page.links(links);
        Path mdFile = dir.resolve("verdict.md");
        Path htmlFile = dir.resolve("verdict.html");
        Report.writeWhole(mdFile, page.markdown());
        Report.writeWhole(htmlFile, page.html());
        return new Written(mdFile, htmlFile);
    }

    /** The id of a claim's evidence on the page: "fig1-affine-like-not-worse" (its level's values after). */
    static String anchor(String preset, ClaimEvaluation.ClaimResult c) {
        return (preset + "-" + c.claim().id() + (c.level().isEmpty() ? "" : "-" + c.level().values().stream()
                .map(String::valueOf).collect(Collectors.joining("-")))).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A claim's section: its sentence, its words, the forest plot of its comparisons and their table. */
    private static void claim(Markup page, String preset, ClaimEvaluation.ClaimResult c, Path figures) throws IOException {
        Claim claim = c.claim();
        String id = claim.id() + (c.level().isEmpty() ? "" : " " + c.level());
        page.heading(3, id + ": " + ClaimsTable.word(c.judgement()) + " (on the last epoch: "
                + ClaimsTable.word(c.judgementLast()) + ")", anchor(preset, c));
        if (!claim.paper().isEmpty()) {
            page.quote("“" + claim.paper() + "”");
        }
        page.paragraph("Tested: " + claim.says() + ". As " + ClaimsTable.test(claim) + ", m = " + c.m()
                + " comparison" + (c.m() == 1 ? "" : "s") + " (" + c.seeds() + " seeds at the fewest). Runs: "
                + sides(c) + ". Mean epochs trained: " + String.format("%.1f", c.meanEpochs()) + ".");
        String chosen = ClaimsTable.chosen(c);
        if (chosen != null) {
            page.paragraph(chosen);
        }
        List<Charts.Interval> rows = Forest.intervals(c);
        if (rows.stream().anyMatch(k -> Double.isFinite(k.estimate()))) {
            String name = anchor(preset, c) + ".svg";
            String svg = Forest.plot(c, rows);
            Files.createDirectories(figures);
            Report.writeWhole(figures.resolve(name), svg);
            page.figure(svg, FIGURES + "/" + name, claim.id() + ": every comparison's effect and CI (the numbers are in"
                    + " the table below)", null);
        }
        page.table(ClaimsTable.comparisons(List.of(c)));
    }

    /** "batchnorm 5 stagnated, 0 at max epochs, 0 diverged; ...". */
    private static String sides(ClaimEvaluation.ClaimResult c) {
        return c.sides().values().stream().map(s -> s.method() + " " + s.runs() + " (" + s.stagnated() + " stagnated, "
                + s.maxEpochs() + " at max epochs, " + s.diverged() + " diverged)").collect(Collectors.joining("; "));
    }

    /** What the data set is, and that the paper's was CIFAR-10. */
    static String dataset(Results results) {
        Set<String> names = new LinkedHashSet<>();
        results.runs().forEach(r -> names.add(String.valueOf(r.config().get("dataset"))));
        StringBuilder s = new StringBuilder("Data: ");
        for (String n : names) {
            s.append(switch (n) {
                case "fashion-mnist" -> "Fashion-MNIST (28×28 grey images of clothing, 10 classes, 60,000 training and"
                        + " 10,000 test images). The paper used CIFAR-10 (32×32 colour photographs, 10 classes): these"
                        + " words are about the same kind of networks on another, easier data set, not a replication of"
                        + " the paper's numbers. ";
                case "mnist" -> "MNIST (28×28 grey handwritten digits, 10 classes), far easier than the paper's CIFAR-10:"
                        + " a check of the machinery, not of the paper's numbers. ";
                case "cifar10" -> "CIFAR-10 (32×32 colour photographs, 10 classes, 50,000 training and 10,000 test"
                        + " images), the paper's data set. ";
                default -> n + ". ";
            });
        }
        return s.toString().strip();
    }

    /**
     * The plug-in jars the preset's methods were built from (file name and SHA-256, with their runs),
     * or null when every method is adiv's own.
     */
    static String plugins(Results results) {
        List<String> jars = new ArrayList<>();
        results.provenance().getOrDefault("plugins", java.util.Map.of()).forEach((value, runs) -> {
            if (!value.startsWith("none") && !value.equals("not recorded")) {
                jars.add(value + " (" + runs + " run" + (runs == 1 ? "" : "s") + ")");
            }
        });
        return jars.isEmpty() ? null : "Plug-in jars, each beside the method it built: " + String.join("; ", jars) + ".";
    }

    /** The protocol in full, from the stored spec: every setting that bears on the comparison. */
    static String protocol(Results results) {
        List<RunSettings> runs;
        try {
            runs = SweepSpec.parse(results.spec() == null ? "" : results.spec(), "spec").runs();
        } catch (IllegalArgumentException e) {
            return "Protocol: see the spec at the end of the report.";
        }
        List<RunConfig> configs = runs.stream().map(RunSettings::runConfig).toList();
        Map<String, java.util.function.Function<RunConfig, Object>> settings = new LinkedHashMap<>();
        settings.put("model", c -> c.model().id());
        settings.put("max_epochs", c -> c.training().epochs());
        settings.put("patience", c -> c.training().patience() == 0 ? "none" : c.training().patience());
        settings.put("validation", c -> c.training().validation());
        settings.put("opt", c -> c.training().optimizer().name().toLowerCase());
        settings.put("lr", c -> c.training().learningRate());
        settings.put("batch", c -> c.training().batch());
        settings.put("width", RunConfig::width);
        settings.put("depth", RunConfig::depth);
        settings.put("act", RunConfig::activation);
        settings.put("preprocessing", c -> c.preprocessing().name().toLowerCase());
        settings.put("init", c -> c.init().name().toLowerCase().replace('_', '-'));
        List<String> parts = new ArrayList<>();
        settings.forEach((k, f) -> parts.add(k + " " + configs.stream().map(c -> String.valueOf(f.apply(c))).distinct()
                .collect(Collectors.joining(", "))));
        String methods = runs.stream().map(RunSettings::method).distinct().collect(Collectors.joining(", "));
        String seeds = configs.stream().map(c -> String.valueOf(c.training().seed())).distinct()
                .collect(Collectors.joining(", "));
        return "Protocol: " + String.join("; ", parts) + " (lr is the one learning rate times a method's own factor:"
                + " L2 at η/2 halves it); methods " + methods + "; seeds " + seeds + ". One set of hyperparameters for"
                + " every method; each run's result is its test accuracy at the epoch of best validation accuracy.";
    }

    private static String relative(Path dir, Path report) {
        return dir.toAbsolutePath().normalize().relativize(report.toAbsolutePath().normalize()).toString();
    }
}
