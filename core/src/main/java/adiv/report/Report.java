package adiv.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a sweep's report: report.md, a self-contained report.html (figures as inline SVG, also
 * saved as figure-*.svg for the Markdown), and results.csv, from the finished runs of its store.
 *
 * <p>Rendering only: the numbers come from {@link Results}, {@link Trends} and {@link
 * ClaimEvaluation}. The claims first, then every configuration's selected and final test accuracy as
 * mean ± standard error over its seeds; where the batch size varies, the paper's Table 1 layout (accuracy averaged over batch sizes, and
 * its slope against batch size and against log₂ batch size, ± standard error); figures of accuracy
 * against batch size and width with ±1 SE bars, and mean training curves. Differences that lie
 * within error are marked as such rather than ranked.
 */
public final class Report {

    /** The files written. */
    public record Written(Path markdown, Path html, Path csv) {}

    private final Results results;
    private final String title;

    public Report(Results results, String title) {
        this.results = results;
        this.title = title;
    }

    /** A figure: its SVG, its caption (also its text alternative's name), the numbers it draws. */
    private record Figure(String svg, String caption, List<List<String>> numbers) {}

    /**
     * Writes the three files (and the figures) into dir: the claims first (how many got each word,
     * one line each with a small forest plot), then the main figure (accuracy against the batch, the
     * width or the learning rate), then the tables, the other figures, the provenance and the spec.
     */
    public Written write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> varying = results.varying();
        List<Results.Group> groups = results.groupBy(varying);
        Map<String, Figure> figures = figures(varying);
        Markup page = Markup.page(title, "70em");
        page.paragraph(about());

        List<ClaimEvaluation.ClaimResult> claims = ClaimEvaluation.evaluate(results.claims(), results);
        if (!claims.isEmpty()) {
            page.heading(2, "Claims").lead(ClaimLines.count(claims) + ".");
            ClaimLines.write(page, claims, c -> "comparisons");
        }
        for (Map.Entry<String, Figure> f : figures.entrySet()) {
            if (f.getKey().startsWith("accuracy-vs-")) {
                figure(page, dir, f.getKey(), f.getValue());
            }
        }
        if (!claims.isEmpty()) {
            section(page, "Claims (MATH.md §10)", null, ClaimsTable.NOTE, ClaimsTable.summary(claims));
            section(page, "Comparisons behind the claims", "comparisons", ClaimsTable.COMPARISONS_NOTE,
                    ClaimsTable.comparisons(claims));
        }
        section(page, "Selected and final test accuracy (mean ± standard error over seeds)", null,
                "Selected: the test accuracy at the epoch with the best validation accuracy (the test set"
                        + " never chooses); final: after the last epoch. Epochs: trained, mean over seeds;"
                        + " stagnated: runs stopped because validation accuracy stopped improving. A ≈ marks a"
                        + " configuration whose final accuracy lies within error of the best one's: the data do"
                        + " not separate the two.", configurationTable(results));
        if (varying.contains("batch")) {
            section(page, "Table 1: accuracy against batch size", null,
                    "Per configuration, the test accuracy at the selected epoch averaged over the batch sizes, and the slope of"
                            + " accuracy against batch size (per 1,000 examples) and against log₂ batch size,"
                            + " fitted over every run, ± standard error. The paper predicts negative slopes"
                            + " for the structural corrections. (0) marks a slope within one standard error"
                            + " of zero.", table1(varying));
        }
        if (Trends.probedConvolutions(results)) {
            List<String> keys = varying.contains("method") ? List.of("method") : varying;
            section(page, "Where a convolution's update goes (probe, MATH.md §5)", null,
                    "For each convolution, over every probed step: the multiple of its own steepest descent"
                            + " that a plain step moves each output position by (the patch kernel's diagonal,"
                            + " weighted by the gradient: 1 for PatchNorm affine-like, 2 for norm-like,"
                            + " ‖P‖²+1 for a plain convolution), and the size of the rest of the step relative to"
                            + " that own term, split into the other positions of the same image (cross-patch:"
                            + " the loss of one image does not average it away) and the other images of the"
                            + " batch (cross-sample). These are the SGD kernel's values; under Adam the actual"
                            + " step differs.", convInterference(keys));
        }
        for (Map.Entry<String, Figure> f : figures.entrySet()) {
            if (!f.getKey().startsWith("accuracy-vs-")) {
                figure(page, dir, f.getKey(), f.getValue());
            }
        }
        if (!results.provenance().isEmpty()) {
            section(page, "Provenance", null,
                    "The builds and machines these runs were trained by: each distinct value with its number of runs"
                            + " (a commit ending in -dirty was built from a tree with uncommitted changes). Runs from"
                            + " different builds or machines are not strictly comparable; plugins names the plug-in"
                            + " jars (file name and SHA-256) each method was built from.", provenance());
        }
        page.heading(2, "Spec");
        page.pre(results.spec() == null ? "" : results.spec(), "yaml");

        Path mdFile = dir.resolve("report.md");
        Path htmlFile = dir.resolve("report.html");
        Path csvFile = dir.resolve("results.csv");
        writeWhole(csvFile, csv(varying, groups));
        writeWhole(mdFile, page.markdown());
        writeWhole(htmlFile, page.html());
        return new Written(mdFile, htmlFile, csvFile);
    }

    /** A figure, saved as figure-NAME.svg for the Markdown and inline in the HTML, with its numbers. */
    private static void figure(Markup page, Path dir, String name, Figure f) throws IOException {
        Path svg = dir.resolve("figure-" + name + ".svg");
        writeWhole(svg, f.svg());
        page.figure(f.svg(), svg.getFileName().toString(), f.caption(), f.numbers());
    }

    /** A section: heading (with an id a link can point at, or null), its note, its table. */
    private static void section(Markup page, String heading, String id, String note, List<List<String>> rows) {
        page.heading(2, heading, id).paragraph(note).table(rows);
    }

    /**
     * Writes a file whole or not at all: into a temporary file beside it, then renamed over it, so
     * that a report is never left half-written by a process stopped while writing it.
     */
    static void writeWhole(Path file, CharSequence text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** One row per distinct value of each provenance field. */
    private List<List<String>> provenance() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("", "value", "runs"));
        results.provenance().forEach((field, values) ->
                values.forEach((value, n) -> rows.add(List.of(field, value, String.valueOf(n)))));
        return rows;
    }

    private String about() {
        long done = results.runs().stream().filter(r -> r.status().equals("done")).count();
        long other = results.runs().size() - done;
        Object dataset = results.shared("dataset");
        Object epochs = results.shared("max_epochs");
        String text = String.format(
                "%d finished runs (%d diverged or failed) on %s, at most %s epochs each, report written %s."
                        + " Accuracy is on the test split, at the epoch selected on the validation split"
                        + " (selected) and after the last epoch (final).",
                results.runs().size(), other,
                dataset == null ? "several data sets" : dataset,
                epochs == null ? "varying" : epochs, Markup.utc(Instant.now()));
        if (epochs instanceof Number n && n.intValue() < 10) {
            text += " These runs are short: the corrected maps divide by √(‖x‖²+1) and learn more slowly"
                    + " at first, so short training favours plain affine layers (MATH.md §9), and fewer"
                    + " steps at larger batches hurt slow learners most. Read them as a check of the"
                    + " machinery, not as a verdict on the paper's claims; the paper scale trains long.";
        }
        return text;
    }

    /**
     * One row per configuration: its settings, seeds, selected and final test accuracy (mean ±
     * standard error over seeds), epochs, how many runs stagnated and diverged.
     */
    static List<List<String>> configurationTable(Results results) {
        List<String> varying = results.varying();
        List<Results.Group> groups = results.groupBy(varying);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(varying);
        header.addAll(List.of("seeds", "selected acc", "final acc", "epochs", "stagnated", "diverged", ""));
        rows.add(header);
        Results.Group best = groups.stream()
                .filter(g -> Double.isFinite(g.finalAcc().mean()))
                .max(Comparator.comparingDouble(g -> g.finalAcc().mean())).orElse(null);
        for (Results.Group g : groups) {
            List<String> row = new ArrayList<>();
            g.key().values().forEach(v -> row.add(String.valueOf(v)));
            row.add(String.valueOf(g.runs().size()));
            row.add(g.selectedAcc().format());
            row.add(g.finalAcc().format());
            row.add(String.format("%.1f", g.meanEpochs()));
            row.add(String.valueOf(g.stagnated()));
            row.add(String.valueOf(g.diverged()));
            row.add(g == best ? "best" : best != null && g.finalAcc().withinErrorOf(best.finalAcc()) ? "≈" : "");
            rows.add(row);
        }
        return rows;
    }

    private List<List<String>> table1(List<String> varying) {
        List<String> keys = new ArrayList<>(varying);
        keys.remove("batch");
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(keys);
        header.addAll(List.of("mean acc over batch sizes", "slope per 1000", "slope per log2", "runs"));
        rows.add(header);
        for (Trends.BatchTrend t : Trends.batchTrends(results, keys)) {
            List<String> row = new ArrayList<>();
            t.key().values().forEach(v -> row.add(String.valueOf(v)));
            row.add(t.meanOverBatches().format());
            row.add(slope(t.perThousand()));
            row.add(slope(t.perLog2()));
            row.add(String.valueOf(t.runs()));
            rows.add(row);
        }
        return rows;
    }

    private static String slope(Slope s) {
        if (Double.isNaN(s.slope())) {
            return "-";
        }
        String text = Double.isNaN(s.se()) ? String.format("%+.4f", s.slope()) : String.format("%+.4f ± %.4f", s.slope(), s.se());
        return s.zeroWithinError() ? text + " (0)" : text;
    }

    /**
     * Per line of the accuracy-against-lr figure, the rate with the highest mean validation accuracy
     * over the seeds (a diverged run at chance, MATH.md §11; the test set chooses nothing), at its
     * test accuracy: the value a tuned comparison of that configuration picks.
     */
    private Map<String, Charts.Point> chosenRates(List<String> varying) {
        Map<String, Results.Group> best = new LinkedHashMap<>();
        Map<String, Double> bestVal = new LinkedHashMap<>();
        for (Results.Group g : results.groupBy(varying)) {
            Map<String, Object> rest = new LinkedHashMap<>(g.key());
            rest.remove("lr");
            String line = label(rest);
            double val = g.runs().stream().mapToDouble(RunOutcome::selectedValScore).average().orElse(Double.NaN);
            if (Double.isFinite(val) && (!bestVal.containsKey(line) || val > bestVal.get(line))) {
                bestVal.put(line, val);
                best.put(line, g);
            }
        }
        Map<String, Charts.Point> points = new LinkedHashMap<>();
        best.forEach((line, g) -> points.put(line, new Charts.Point(((Number) g.key().get("lr")).doubleValue(),
                g.selectedAcc().mean(), Double.NaN)));
        return points;
    }

    /**
     * Accuracy against batch size, width and learning rate (when they vary), mean training curves and
     * the probe's, each with its numbers: every point of an accuracy figure; for a curve, its first,
     * last and highest point (every epoch is in epochs.csv beside the report).
     */
    private Map<String, Figure> figures(List<String> varying) {
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String axis : List.of("batch", "width", "lr")) {
            if (!varying.contains(axis)) {
                continue;
            }
            Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
            for (Results.Group g : results.groupBy(varying)) {
                Map<String, Object> rest = new LinkedHashMap<>(g.key());
                double x = ((Number) rest.remove(axis)).doubleValue();
                Summary s = g.selectedAcc();
                series.computeIfAbsent(label(rest), k -> new ArrayList<>()).add(new Charts.Point(x, s.mean(), s.se()));
            }
            series.values().forEach(l -> l.sort(Comparator.comparingDouble(Charts.Point::x)));
            Map<String, Double> chosen = null;
            if (axis.equals("lr")) {
                Map<String, Charts.Point> picked = chosenRates(varying);
                chosen = new LinkedHashMap<>();
                for (Map.Entry<String, Charts.Point> e : picked.entrySet()) {
                    chosen.put(e.getKey(), e.getValue().x());
                }
                List<Charts.Point> rings = new ArrayList<>(picked.values());
                rings.sort(Comparator.comparingDouble(Charts.Point::x));
                series.put(Charts.CHOSEN, rings);
            }
            String title = "Test accuracy at the selected epoch against " + axis + " (±1 SE over seeds)"
                    + (axis.equals("lr") ? "; rings: the rate validation picks" : "");
            figures.put("accuracy-vs-" + axis, new Figure(Charts.lines(title, axis, "test accuracy", series,
                    axis.equals("lr") ? Charts.Scale.LOG10 : Charts.Scale.LOG2, false), title,
                    Charts.numbers(axis, series, chosen)));
        }
        // Curves compare methods: with more settings varying, each method's runs are pooled.
        List<String> curveKeys = varying.contains("method") ? List.of("method") : varying;
        String pooled = curveKeys.size() < varying.size() ? ", pooled over the other settings" : "";
        Map<String, List<Charts.Point>> curves = new LinkedHashMap<>();
        for (Results.Group g : results.groupBy(curveKeys)) {
            curves.put(label(g.key()), Trends.perEpoch(g.runs(), RunOutcome::testAcc));
            if (g.runs().stream().anyMatch(RunOutcome::validated)) {
                curves.put(label(g.key()) + " (validation)", Trends.perEpoch(g.runs(), RunOutcome::valAcc));
            }
        }
        if (!curves.isEmpty() && curves.size() <= 24) {
            String title = "Test and validation accuracy after each epoch (mean ±1 SE over the runs still training"
                    + pooled + ")";
            figures.put("training-curves", new Figure(Charts.lines(title, "epoch", "accuracy", curves, false), title,
                    Charts.ends("epoch", curves)));
        }
        Map<String, List<Charts.Point>> probe = probeCurves(curveKeys);
        if (!probe.isEmpty() && probe.size() <= 24) {
            String title = "Probe, layer 2 (the second affine layer or convolution): K_ss, the multiple of its own steepest"
                    + " descent that a plain step moves a sample's output by (1 = aligned; mean ±1 SE" + pooled + ")";
            figures.put("probe-kernel", new Figure(Charts.lines(title, "training step", "K_ss (log scale)", probe, false,
                    true), title, Charts.ends("training step", probe)));
        }
        if (Trends.probedConvolutions(results)) {
            Map<String, List<Charts.Point>> interference = new LinkedHashMap<>(
                    probeCurves(curveKeys, "interference_patch", ", cross-patch", r -> 1));
            interference.putAll(probeCurves(curveKeys, "interference_sample", ", cross-sample", r -> 1));
            if (!interference.isEmpty() && interference.size() <= 24) {
                String title = "Probe, first convolution: interference relative to each sample's own term, from its"
                        + " own image (cross-patch) and the other images (cross-sample); mean ±1 SE" + pooled;
                figures.put("probe-conv-interference", new Figure(Charts.lines(title, "training step",
                        "share of the own term (log scale)", interference, false, true), title,
                        Charts.ends("training step", interference)));
            }
        }
        return figures;
    }

    /**
     * Per group, the SGD kernel's mean K_ss at the second affine layer (the first when there is only
     * one) at each probed step. Unlike the measured ratio it does not depend on the optimizer: with
     * Adam the actual step is not the kernel's, and its ratio to −ηg is dominated by tiny gradients.
     */
    private Map<String, List<Charts.Point>> probeCurves(List<String> keys) {
        return probeCurves(keys, "predicted_ratio_mean", "",
                r -> r.config().containsKey("depth") && ((Number) r.config().get("depth")).intValue() == 0 ? 1 : 2);
    }

    /** Per group, the mean of one probe column at one layer of each run, at each probed step, labelled. */
    private Map<String, List<Charts.Point>> probeCurves(
            List<String> keys, String column, String suffix, java.util.function.ToIntFunction<RunOutcome> layerOf) {
        Map<String, List<Charts.Point>> curves = new LinkedHashMap<>();
        Trends.perStep(results, keys, column, layerOf).forEach((key, points) -> curves.put(label(key) + suffix, points));
        return curves;
    }

    /** Per group and convolution, the own-term multiple and the two kinds of interference (MATH.md §5). */
    private List<List<String>> convInterference(List<String> keys) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(keys);
        header.addAll(List.of("conv layer", "own term K", "cross-patch share", "cross-sample share", "probes"));
        rows.add(header);
        for (Trends.ConvInterference c : Trends.convInterference(results, keys)) {
            List<String> row = new ArrayList<>();
            c.key().values().forEach(v -> row.add(String.valueOf(v)));
            row.add(String.valueOf(c.layer()));
            for (double v : new double[] {c.own(), c.crossPatch(), c.crossSample()}) {
                row.add(Double.isNaN(v) ? "-" : String.format("%.4g", v));
            }
            row.add(String.valueOf(c.records()));
            rows.add(row);
        }
        return rows;
    }

    private static String label(Map<String, Object> key) {
        if (key.isEmpty()) {
            return "all runs";
        }
        List<String> parts = new ArrayList<>();
        key.forEach((k, v) -> parts.add(k.equals("method") ? String.valueOf(v) : k + "=" + v));
        return String.join(", ", parts);
    }

    /** One row per configuration: its settings, seeds, and means and standard errors apart. */
    private static String csv(List<String> varying, List<Results.Group> groups) {
        StringBuilder s = new StringBuilder();
        List<String> header = new ArrayList<>(varying);
        header.addAll(List.of("seeds", "final_acc_mean", "final_acc_se", "selected_acc_mean", "selected_acc_se", "diverged"));
        s.append(String.join(",", header)).append('\n');
        for (Results.Group g : groups) {
            List<String> cells = new ArrayList<>();
            g.key().values().forEach(v -> cells.add(csvCell(String.valueOf(v))));
            cells.add(String.valueOf(g.runs().size()));
            for (Summary sum : List.of(g.finalAcc(), g.selectedAcc())) {
                cells.add(Double.isNaN(sum.mean()) ? "" : String.valueOf(sum.mean()));
                cells.add(Double.isNaN(sum.se()) ? "" : String.valueOf(sum.se()));
            }
            cells.add(String.valueOf(g.diverged()));
            s.append(String.join(",", cells)).append('\n');
        }
        return s.toString();
    }

    static String csvCell(String c) {
        return c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c;
    }

    static String esc(String s) {
        return Markup.esc(s);
    }
}
