package adiv.report;

import adiv.sweep.Claim;
import java.util.ArrayList;
import java.util.List;

/**
 * A claim's comparisons as a forest plot, in the units its table uses (accuracy points; a slope's or
 * the probe's spread's own units): full size beside its table on the verdict page, small at the end
 * of the claim's line at the top of a page. Zero is a solid line and the margin a dashed one (−δ for
 * non-inferiority, ±δ for equivalence); the comparisons the word rests on are dark, a pooled claim's
 * cells grey.
 */
final class Forest {

    private Forest() {}

    /** The forest plot of a claim's comparisons, in the units its table uses. */
    static String plot(ClaimEvaluation.ClaimResult c, List<Charts.Interval> rows) {
        Claim claim = c.claim();
        boolean eq = claim.test() == Claim.Test.EQUIVALENT;
        String x = accuracy(claim) ? (Claim.TUNING_SHORTFALL.equals(claim.metric()) ? "tuning shortfall, " : "")
                + "method − opponent, accuracy points (" + (eq ? "90" : "95") + "% CI, unadjusted)"
                : claim.test().slope() ? "slope of accuracy per doubling of the batch (95% CI)"
                : "difference of the measured step-ratio spread (95% CI)";
        return Charts.forest(claim.id(), x, rows, margin(claim), eq);
    }

    /** The same plot, small, for the claim's line at the top of a page. */
    static String small(ClaimEvaluation.ClaimResult c, List<Charts.Interval> rows) {
        return Charts.miniForest(rows, margin(c.claim()), c.claim().test() == Claim.Test.EQUIVALENT);
    }

    /**
     * Every comparison of a claim as a row of its forest plot, the pooled ones first: its effect and
     * CI (90% for an equivalence, else 95%) in accuracy points, or in the slope's or spread's own units.
     */
    static List<Charts.Interval> intervals(ClaimEvaluation.ClaimResult c) {
        Claim claim = c.claim();
        double unit = accuracy(claim) ? 100 : 1;
        boolean eq = claim.test() == Claim.Test.EQUIVALENT;
        List<ClaimEvaluation.Comparison> all = new ArrayList<>(c.pooled());
        all.addAll(c.comparisons());
        List<Charts.Interval> rows = new ArrayList<>();
        for (ClaimEvaluation.Comparison k : all) {
            ClaimEvaluation.Effect e = k.selected();
            String label = (k.against().isEmpty() ? "own slope" : "vs " + k.against())
                    + (c.pooled().contains(k) ? " (pooled)" : k.cell().isEmpty() ? "" : " " + k.cell().values());
            rows.add(new Charts.Interval(label, unit * e.estimate(), unit * (eq ? e.ci90Low() : e.ci95Low()),
                    unit * (eq ? e.ci90High() : e.ci95High()), c.judged().contains(k)));
        }
        return rows;
    }

    /** Whether the claim compares accuracies (drawn in points), not slopes or step-ratio spreads. */
    private static boolean accuracy(Claim claim) {
        return !claim.test().slope() && !Claim.RATIO_SPREAD.equals(claim.metric());
    }

    /** The margin in the plot's units (points), NaN for a claim without one. */
    private static double margin(Claim claim) {
        return claim.test().needsMargin() ? (accuracy(claim) ? 100 : 1) * claim.margin() : Double.NaN;
    }

}
