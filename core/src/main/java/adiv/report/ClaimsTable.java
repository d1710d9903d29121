package adiv.report;

import adiv.sweep.Claim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The claims' tables as rows of text, for a report and for the verdict page: one row per claim (and
 * level of the protocol settings), and one per comparison behind them. Formatting only; the numbers
 * come from {@link ClaimEvaluation}.
 */
final class ClaimsTable {

    static final String NOTE = "One row per claim the spec declares, judged as MATH.md §10 says. Each comparison"
            + " is tested as the claim says: better (superiority: the 95% CI of method − opponent above 0), not worse"
            + " (non-inferiority: its lower end above −margin; better by more than the margin passes), equivalent"
            + " (two one-sided tests: the 90% CI inside ±margin), or a slope (the 95% CI of a slope difference, or"
            + " of the method's own slope, on the claimed side of 0). Supported: every comparison passes its own"
            + " test (an intersection–union test: no adjustment needed). Contradicted: a comparison is significant"
            + " the other way after Holm's adjustment over the claim's m comparisons, read off the same interval at"
            + " the same level (the 95% CI beyond 0 or entirely below −margin; for an equivalence the 90% CI entirely"
            + " outside ±margin), so the CI shown gives the word. Inconclusive otherwise."
            + " Too short: in some comparison more than half of one side's runs stopped at max_epochs while still"
            + " improving (the tests' word in brackets). Judged on the test accuracy at the epoch selected on the"
            + " validation split (\"the best\" opponent is chosen on validation accuracy too); \"on final\" is the"
            + " word on the last epoch, marked ≠ where it differs. A run that diverged counts at chance accuracy"
            + " where it has no result. Pooled claims (\"tends to\") are judged per seed on the mean difference"
            + " over the cells. Claims over a setting (MATH.md §11): a tuned claim compares each method at its own"
            + " best value of the axis, chosen in each cell on mean validation accuracy over the seeds (the values"
            + " chosen shown with the comparison); a tuning shortfall is, per seed, the test accuracy at the value"
            + " validation picks minus the mean over the axis's values; grows compares each seed's lead at one value"
            + " of its axis with its lead at another. The effect shown is the comparison least in the claim's"
            + " favour; its CI is unadjusted.";

    static final String COMPARISONS_NOTE = "Every comparison, paired by seed: the difference method − opponent"
            + " (mean over seeds; for a slope claim the slope difference, or the method's own slope), its unadjusted"
            + " 95% CI (90% for equivalences), the p of the claim's own test (one-sided; for an equivalence the"
            + " larger of its two one-sided p's), the p of the other way raw and Holm-adjusted over the m"
            + " comparisons the claim is judged on, seeds where the method did better / tied / worse, how each"
            + " side's runs ended (stagnated / at max epochs / diverged), the comparison's own word on the selected"
            + " and the last epoch, and for an inconclusive comparison a rough number of seeds that would settle it"
            + " at the observed effect (MATH.md §10). Rows marked pooled are what a pooled claim is judged on.";

    private ClaimsTable() {}

    /** One row per claim and protocol level. */
    static List<List<String>> summary(List<ClaimEvaluation.ClaimResult> claims) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("claim", "in words", "the paper", "verdict", "on final", "test", "weakest comparison",
                "effect [CI]", "p", "Holm p, other way", "seeds", "runs: stagnated/max/diverged", "epochs (mean)", "data"));
        for (ClaimEvaluation.ClaimResult c : claims) {
            ClaimEvaluation.Comparison w = c.weakest();
            rows.add(List.of(
                    c.claim().id() + level(c.level()),
                    c.claim().says(),
                    c.claim().paper().isEmpty() ? "-" : "“" + c.claim().paper() + "”",
                    word(c.judgement()),
                    word(c.judgementLast()) + (c.selectionMatters() ? " ≠" : ""),
                    test(c.claim()) + ", m = " + c.m(),
                    w == null ? "-" : against(c.claim(), w),
                    w == null ? "-" : effect(c.claim(), w.selected()),
                    w == null ? "-" : p(w.selected().test().p()),
                    w == null ? "-" : p(w.holmP()),
                    String.valueOf(c.seeds()),
                    c.runs() - c.hitMaxEpochs() - c.diverged() + "/" + c.hitMaxEpochs() + "/" + c.diverged(),
                    String.format("%.1f", c.meanEpochs()),
                    c.dataset()));
        }
        return rows;
    }

    /** One row per comparison. */
    static List<List<String>> comparisons(List<ClaimEvaluation.ClaimResult> claims) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("claim", "against", "cell", "seeds", "runs", "effect [CI]", "p", "p other way", "Holm p",
                "better/tie/worse", "stopped (method; opponent)", "its word", "on final", "seeds needed"));
        for (ClaimEvaluation.ClaimResult c : claims) {
            List<ClaimEvaluation.Comparison> all = new ArrayList<>(c.comparisons());
            all.addAll(c.pooled());
            for (ClaimEvaluation.Comparison k : all) {
                ClaimEvaluation.Effect e = k.selected();
                boolean pooledRow = c.claim().pooled() && c.pooled().contains(k);
                rows.add(List.of(
                        c.claim().id() + level(c.level()),
                        k.against().isEmpty() ? "(own slope)" : k.against(),
                        pooledRow ? "pooled" : k.chosen().isEmpty() ? (k.cell().isEmpty() ? "-" : cell(k.cell()).trim())
                                : (k.cell().isEmpty() ? "" : cell(k.cell()).trim() + "; ") + chosen(c.claim(), k.chosen()),
                        String.valueOf(e.n()),
                        String.valueOf(e.runs()),
                        effect(c.claim(), e),
                        p(e.test().p()),
                        p(e.test().pAgainst()),
                        p(k.holmP()),
                        e.favour()[0] < 0 ? "-" : e.favour()[0] + "/" + e.favour()[1] + "/" + e.favour()[2],
                        stops(k.mine()) + (k.theirs() == null ? "" : "; " + stops(k.theirs())),
                        k.verdict().word(),
                        k.verdictLast().word() + (k.verdict() != k.verdictLast() ? " ≠" : ""),
                        k.verdict() == Verdict.INCONCLUSIVE && e.seedsNeeded() > 0
                                && c.claim().test() != Claim.Test.EQUIVALENT
                                ? (e.seedsNeeded() == Integer.MAX_VALUE ? "no effect seen" : String.valueOf(e.seedsNeeded()))
                                : ""));
            }
        }
        return rows;
    }

    /** "supported", or "too short (supported)" when the runs were too short. */
    static String word(Judgement j) {
        return j.tooShort() ? j.verdict().word() + " (" + j.fromCi().word() + ")" : j.verdict().word();
    }

    /**
     * The claim's test in words: "not worse than each (margin 1.00 pt)", "own slope negative", "better
     * than each, each method at its own best lr (chosen on validation)".
     */
    static String test(Claim claim) {
        String vs = claim.best() ? "the best (on validation)" : "each";
        String margin = claim.test().needsMargin() ? String.format(" (margin %.2f pt)", 100 * claim.margin()) : "";
        boolean number = !Claim.ACCURACY.equals(claim.metric());
        String what = switch (claim.test()) {
            case BETTER -> (number ? "higher than " : "better than ") + vs;
            case WORSE -> Claim.TUNING_SHORTFALL.equals(claim.metric())
                    ? "tuning shortfall over " + claim.over() + " lower than " + vs
                    : (number ? "lower than " : "worse than ") + vs;
            case NOT_WORSE -> "not worse than " + vs + margin;
            case EQUIVALENT -> "equivalent to " + vs + margin;
            case SLOPE_LOWER -> "slope lower than " + vs;
            case SLOPE_HIGHER -> "slope higher than " + vs;
            case SLOPE_NEGATIVE -> "own slope negative";
            case GROWS -> "advantage over " + vs + " grows along " + claim.along()
                    + (claim.from() == null && claim.to() == null ? ""
                            : " from " + (claim.from() == null ? "its smallest" : claim.from()) + " to "
                                    + (claim.to() == null ? "its largest" : claim.to()));
        };
        return what + (claim.tuned().isEmpty() ? ""
                : ", each method at its own best " + claim.tuned() + " (chosen on validation)")
                + (claim.pooled() ? ", pooled over cells" : "");
    }

    /** "chosen on validation: affine-like lr 0.003, batchnorm lr 0.001", a tuned comparison's values. */
    static String chosen(Claim claim, Map<String, Object> values) {
        return "chosen on validation: " + values.entrySet().stream()
                .map(e -> e.getKey() + " " + claim.tuned() + " " + plain(e.getValue())).collect(Collectors.joining(", "));
    }

    /** A value as a reader writes it: 0.0001, not Java's 1.0E-4. */
    private static String plain(Object v) {
        return v instanceof Double d && Double.isFinite(d)
                ? java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(v);
    }

    /**
     * For a tuned claim, every cell's values chosen on validation, each method once per cell: "act
     * tanh: a lr 0.003, b lr 0.001; act relu: ..."; null for a claim that is not tuned.
     */
    static String chosen(ClaimEvaluation.ClaimResult c) {
        if (c.claim().tuned().isEmpty()) {
            return null;
        }
        Map<Map<String, Object>, Map<String, Object>> byCell = new java.util.LinkedHashMap<>();
        for (ClaimEvaluation.Comparison k : c.comparisons()) {
            byCell.computeIfAbsent(k.cell(), x -> new java.util.LinkedHashMap<>()).putAll(k.chosen());
        }
        List<String> cells = new ArrayList<>();
        byCell.forEach((cell, values) -> cells.add((cell.isEmpty() ? "" : cell.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ": ")
                + values.entrySet().stream().map(e -> e.getKey() + " " + c.claim().tuned() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
        return "Chosen on validation (each method's " + c.claim().tuned() + " with the best mean validation accuracy"
                + " over the seeds, in each cell; the test set chooses nothing): "
                + (cells.isEmpty() ? "none (no runs to choose on)" : String.join("; ", cells)) + ".";
    }

    /** "+1.20 pt [+0.40, +2.00]" for accuracy, "−0.012 [−0.020, −0.004] /doubling" for slopes. */
    static String effect(Claim claim, ClaimEvaluation.Effect e) {
        if (Double.isNaN(e.estimate())) {
            return "-";
        }
        boolean eq = claim.test() == Claim.Test.EQUIVALENT;
        double lo = eq ? e.ci90Low() : e.ci95Low();
        double hi = eq ? e.ci90High() : e.ci95High();
        if (Claim.RATIO_SPREAD.equals(claim.metric())) {
            return Double.isNaN(lo) ? String.format("%+.3f (no CI)", e.estimate())
                    : String.format("%+.3f [%+.3f, %+.3f] weighted spread of the step ratio", e.estimate(), lo, hi);
        }
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return claim.test().slope() ? String.format("%+.4f /doubling (no CI)", e.estimate())
                    : String.format("%+.2f pt (%d seed%s: no CI)", 100 * e.estimate(), e.n(), e.n() == 1 ? "" : "s");
        }
        if (claim.test().slope()) {
            return String.format("%+.4f [%+.4f, %+.4f] /doubling", e.estimate(), lo, hi);
        }
        return String.format("%+.2f pt [%+.2f, %+.2f]%s", 100 * e.estimate(), 100 * lo, 100 * hi, eq ? " (90%)" : "");
    }

    /**
     * "vs batchnorm (act tanh)", "own slope (act tanh)", "vs batchnorm (act tanh; chosen on
     * validation: a lr 0.003, batchnorm lr 0.001)".
     */
    static String against(Claim claim, ClaimEvaluation.Comparison w) {
        String where = cell(w.cell());
        if (!w.chosen().isEmpty()) {
            String chosen = chosen(claim, w.chosen());
            where = where.isEmpty() ? " (" + chosen + ")" : where.substring(0, where.length() - 1) + "; " + chosen + ")";
        }
        return (w.against().isEmpty() ? "own slope" : "vs " + w.against()) + where;
    }

    /** "4/1/0": stagnated, at max epochs, diverged. */
    static String stops(ClaimEvaluation.Side s) {
        return (s.runs() - s.maxEpochs() - s.diverged()) + "/" + s.maxEpochs() + "/" + s.diverged();
    }

    static String p(double p) {
        return Double.isNaN(p) ? "-" : p < 1e-4 ? String.format("%.1e", p) : String.format("%.4f", p);
    }

    private static String cell(Map<String, Object> cell) {
        return cell.isEmpty() ? "" : " (" + cell.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String level(Map<String, Object> level) {
        return level.isEmpty() ? "" : " [" + level.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + "]";
    }
}
