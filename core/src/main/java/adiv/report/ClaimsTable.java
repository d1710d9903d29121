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

    static final String NOTE = "One row per claim the spec declares. Verdict: supported when every comparison's"
            + " 95% CI excludes zero in the claimed direction with a Holm-adjusted p below 0.05 (for an"
            + " equivalence, every 90% CI inside the stated margin), contradicted when one excludes it the other"
            + " way, inconclusive otherwise, too short when most runs hit max_epochs without stagnating (the CI's"
            + " word in brackets). Judged on the test accuracy at the epoch selected on the validation split;"
            + " \"on final\" is the word on the last epoch, marked ≠ where it differs. The effect shown is the"
            + " comparison least in the claim's favour (accuracy points, or slope per doubling of the batch).";

    static final String COMPARISONS_NOTE = "Every comparison, paired by seed: the difference method − opponent"
            + " (mean over seeds, or the slope difference), its 95% CI (90% for equivalences), p and Holm-adjusted p,"
            + " seeds where the method did better / tied / worse, the CI's word on the selected and the last epoch,"
            + " and for an inconclusive directional comparison a rough number of seeds that would settle it at the"
            + " observed effect (MATH.md §10). For a slope, n counts the method's runs.";

    private ClaimsTable() {}

    /** One row per claim and protocol level. */
    static List<List<String>> summary(List<ClaimEvaluation.ClaimResult> claims) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("claim", "the paper says", "verdict", "on final", "weakest comparison", "effect [CI]", "seeds",
                "epochs (mean)", "at max epochs", "data"));
        for (ClaimEvaluation.ClaimResult c : claims) {
            ClaimEvaluation.Comparison w = c.weakest();
            rows.add(List.of(
                    c.claim().id() + level(c.level()),
                    c.claim().says(),
                    word(c.judgement()),
                    word(c.judgementLast()) + (c.selectionMatters() ? " ≠" : ""),
                    w == null ? "-" : "vs " + w.against() + cell(w.cell()),
                    w == null ? "-" : effect(c.claim(), w.selected()),
                    String.valueOf(c.seeds()),
                    String.format("%.1f", c.meanEpochs()),
                    c.hitMaxEpochs() + " of " + c.runs(),
                    c.dataset()));
        }
        return rows;
    }

    /** One row per comparison. */
    static List<List<String>> comparisons(List<ClaimEvaluation.ClaimResult> claims) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("claim", "against", "cell", "n", "effect [CI]", "p", "Holm p", "better/tie/worse", "CI says",
                "on final", "seeds needed"));
        for (ClaimEvaluation.ClaimResult c : claims) {
            for (ClaimEvaluation.Comparison k : c.comparisons()) {
                ClaimEvaluation.Effect e = k.selected();
                rows.add(List.of(
                        c.claim().id() + level(c.level()),
                        k.against(),
                        k.cell().isEmpty() ? "-" : cell(k.cell()).trim(),
                        String.valueOf(e.n()),
                        effect(c.claim(), e),
                        p(e.p()),
                        p(k.holmP()),
                        e.favour()[0] < 0 ? "-" : e.favour()[0] + "/" + e.favour()[1] + "/" + e.favour()[2],
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

    /** "+1.20 pt [+0.40, +2.00]" for accuracy, "−0.012 [−0.020, −0.004] /doubling" for slopes. */
    static String effect(Claim claim, ClaimEvaluation.Effect e) {
        if (Double.isNaN(e.estimate())) {
            return "-";
        }
        boolean eq = claim.test() == Claim.Test.EQUIVALENT;
        double lo = eq ? e.ci90Low() : e.ci95Low();
        double hi = eq ? e.ci90High() : e.ci95High();
        if (Claim.KSS_SPREAD.equals(claim.metric())) {
            return Double.isNaN(lo) ? String.format("%+.3g (no CI)", e.estimate())
                    : String.format("%+.3g [%+.3g, %+.3g] CV of K_ss", e.estimate(), lo, hi);
        }
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return claim.test().slope() ? String.format("%+.4f /doubling (no CI)", e.estimate())
                    : String.format("%+.2f pt (%d seed%s: no CI)", 100 * e.estimate(), e.n(), e.n() == 1 ? "" : "s");
        }
        if (claim.test().slope()) {
            return String.format("%+.4f [%+.4f, %+.4f] /doubling", e.estimate(), lo, hi);
        }
        return String.format("%+.2f pt [%+.2f, %+.2f]%s", 100 * e.estimate(), 100 * lo, 100 * hi,
                eq ? String.format(" (90%%; margin ±%.2f)", 100 * claim.margin()) : "");
    }

    private static String p(double p) {
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
