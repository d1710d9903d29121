package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict page a reader opens alone: per claim the paper's sentence, both words, every
 * comparison with raw and Holm p and m, how each side's runs ended, a forest plot; per preset the
 * data set, the protocol in full and each method's accuracy.
 */
class VerdictPageTest {

    private static final String SPEC = "name: page\ndataset: fashion-mnist\nmax_epochs: 30\nseeds: [1, 2, 3, 4, 5]\n"
            + "methods:\n  a: {map: affine-like}\n  b: {norm: batchnorm}\n  c: {norm: layernorm}\n"
            + "grid:\n  method: [a, b, c]\n  act: [tanh, leaky-relu]\n"
            + "claims:\n"
            + "  - {id: a-not-worse, says: a is not worse than b and c, paper: \"The affine-like solution performs"
            + " similarly or better.\", method: a, against: [b, c], test: not-worse, margin: 0.01}\n"
            + "  - {id: a-best, says: a is best on average, method: a, against: [b, c], test: better, pooled: true}\n";

    @TempDir
    Path dir;

    private static Results results() {
        List<RunOutcome> runs = new ArrayList<>();
        for (String act : List.of("tanh", "leaky-relu")) {
            for (long seed = 1; seed <= 5; seed++) {
                for (String m : List.of("a", "b", "c")) {
                    Map<String, Object> config = new TreeMap<>(Map.of("method", m, "seed", seed, "act", act,
                            "dataset", "fashion-mnist"));
                    double acc = 0.85 + 0.002 * seed + (m.equals("a") ? 0.004 + 0.001 * (seed % 3) : m.equals("c") ? -0.01 : 0);
                    boolean diverged = m.equals("c") && seed == 5 && act.equals("tanh");
                    runs.add(diverged
                            ? new RunOutcome(config, "diverged", List.of(acc - 0.02, Double.NaN), List.of(), List.of(0.8, Double.NaN),
                                    "diverged")
                            : new RunOutcome(config, "done", List.of(acc - 0.02, acc), List.of(), List.of(0.8, 0.82),
                                    seed == 1 ? "max_epochs" : "stagnated"));
                }
            }
        }
        return new Results(runs, SPEC);
    }

    @Test
    void aReaderFindsEveryClaimsEvidenceOnThePage() throws Exception {
        Results results = results();
        var claims = ClaimEvaluation.evaluate(SweepSpec.parse(SPEC, "page.yaml").claims(), results);
        Path report = dir.resolve("page").resolve("report.html");
        VerdictPage.Written w = VerdictPage.write(dir, "verdict", List.of(new VerdictPage.Preset("page", report, claims, results)));
        String md = Files.readString(w.markdown());
        String html = Files.readString(w.html());
        // the paper's sentence and both words
        assertTrue(md.contains("> “The affine-like solution performs similarly or better.”"), md);
        // c's diverged run counts at chance on the last epoch: the last word is not the selected one
        assertTrue(md.contains("### a-not-worse: supported (on the last epoch: inconclusive)"), md);
        // every comparison: four per-cell rows (b, c × two activations) with raw and Holm p, and m
        assertTrue(md.contains("not worse than each (margin 1.00 pt), m = 4"), md);
        assertEquals(4 + 4 + 2, md.lines().filter(l -> l.startsWith("| a-not-worse |") || l.startsWith("| a-best |")).count(),
                "four comparisons per claim, and the pooled claim's two pooled rows");
        assertTrue(md.contains("| a-best | b | pooled |"), md);
        // how each side's runs ended: c has one diverged run (counted at chance), seed 1 hit max epochs
        assertTrue(md.contains("c 10 (7 stagnated, 2 at max epochs, 1 diverged)"), md);
        // per preset: the data set and what it is not, the protocol in full, each method's accuracy
        assertTrue(md.contains("The paper used CIFAR-10"), md);
        for (String setting : new String[] {"max_epochs 30", "patience 10", "validation 0.1", "opt adam", "lr 0.001",
            "batch 128", "width 256", "depth 2", "seeds 1, 2, 3, 4, 5"}) {
            assertTrue(md.contains(setting), setting + " in the protocol: " + md);
        }
        assertTrue(md.contains("### page: accuracy of each method"), md);
        // a forest plot per claim, in the HTML and as a file the Markdown links
        for (String id : new String[] {"a-not-worse", "a-best"}) {
            Path svg = dir.resolve(VerdictPage.FIGURES).resolve("page-" + id + ".svg");
            assertTrue(Files.readString(svg).startsWith("<svg"), id);
            assertTrue(md.contains("](" + VerdictPage.FIGURES + "/page-" + id + ".svg)"), md);
        }
        assertEquals(2, html.split("<figure><svg", -1).length - 1, "both plots inline in the HTML");
        assertTrue(html.contains("<blockquote>“The affine-like solution performs similarly or better.”</blockquote>"));
    }

    /**
     * A tuned claim's page and report tables show, per cell, the value each method was compared at:
     * with tanh a's validation prefers lr 0.003 and with leaky-relu 0.001; b's prefers 0.001 in both.
     */
    @Test
    void aTunedClaimShowsTheValueEachMethodWasComparedAt() throws Exception {
        String spec = "name: tuned\ndataset: fashion-mnist\nseeds: [1, 2, 3]\n"
                + "methods:\n  a: {map: affine-like}\n  b: {norm: batchnorm}\n"
                + "grid:\n  method: [a, b]\n  act: [tanh, leaky-relu]\n  lr: [0.003, 0.001]\n"
                + "claims:\n  - {id: a-tuned, says: a beats b each at its best lr, method: a, against: [b], test: better,"
                + " tuned: lr}\n";
        List<RunOutcome> runs = new ArrayList<>();
        for (String act : List.of("tanh", "leaky-relu")) {
            for (double lr : new double[] {0.003, 0.001}) {
                for (long seed = 1; seed <= 3; seed++) {
                    for (String m : List.of("a", "b")) {
                        Map<String, Object> config = new TreeMap<>(Map.of("method", m, "seed", seed, "act", act, "lr", lr,
                                "dataset", "fashion-mnist"));
                        boolean best = m.equals("b") ? lr == 0.001 : act.equals("tanh") == (lr == 0.003);
                        // a wins at its own best lr and loses elsewhere: a choice on test, or none, would say otherwise
                        double acc = 0.85 + 0.001 * seed + (m.equals("a") ? (best ? 0.01 : -0.02) : 0);
                        runs.add(new RunOutcome(config, "done", List.of(acc - 0.02, acc), List.of(),
                                List.of(0.8, best ? 0.84 : 0.82), "stagnated"));
                    }
                }
            }
        }
        Results results = new Results(runs, spec);
        var claims = ClaimEvaluation.evaluate(SweepSpec.parse(spec, "tuned.yaml").claims(), results);
        assertEquals(1, claims.size(), "lr is the claim's axis: no row per lr");
        VerdictPage.Written w = VerdictPage.write(dir, "verdict",
                List.of(new VerdictPage.Preset("tuned", dir.resolve("tuned").resolve("report.html"), claims, results)));
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("better than each, each method at its own best lr (chosen on validation), m = 2"), md);
        assertTrue(md.contains("Chosen on validation (each method's lr with the best mean validation accuracy over the"
                + " seeds, in each cell; the test set chooses nothing): act tanh: a lr 0.003, b lr 0.001; act leaky-relu:"
                + " a lr 0.001, b lr 0.001."), md);
        assertTrue(md.contains("| a-tuned | b | (act tanh); chosen on validation: a lr 0.003, b lr 0.001 | 3 | 6 |"
                + " +1.00 pt"), md);
        assertTrue(md.contains("| a-tuned | b | (act leaky-relu); chosen on validation: a lr 0.001, b lr 0.001 | 3 | 6 |"
                + " +1.00 pt"), md);
        assertTrue(md.contains("vs b (act tanh; chosen on validation: a lr 0.003, b lr 0.001)")
                || md.contains("vs b (act leaky-relu; chosen on validation: a lr 0.001, b lr 0.001)"),
                "the summary row's weakest comparison names its values: " + md);
    }

    @Test
    void thePageNamesThePluginJarsBesideTheMethodsTheyBuilt() throws Exception {
        Results plain = results();
        Map<String, Map<String, Integer>> provenance = new java.util.LinkedHashMap<>();
        provenance.put("plugins", new TreeMap<>(Map.of("none (adiv's own methods)", 20,
                "a: scale-norm.jar sha256:" + "ab".repeat(32), 10)));
        Results withJars = new Results(plain.runs(), SPEC, provenance);
        var claims = ClaimEvaluation.evaluate(SweepSpec.parse(SPEC, "page.yaml").claims(), withJars);
        VerdictPage.Written w = VerdictPage.write(dir, "verdict",
                List.of(new VerdictPage.Preset("page", dir.resolve("page").resolve("report.html"), claims, withJars)));
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("Plug-in jars, each beside the method it built: a: scale-norm.jar sha256:" + "ab".repeat(32)
                + " (10 runs)."), md);
        assertTrue(Files.readString(w.html()).contains("scale-norm.jar sha256:"));
        // adiv's own methods alone: no line about jars.
        assertEquals(null, VerdictPage.plugins(plain));
    }
}
