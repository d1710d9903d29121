package adiv.report;

import adiv.sweep.Claim;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One comparison tested for a claim (MATH.md §10), in the conventions of clinical trials: from an
 * estimate (a mean paired difference, a slope difference or one method's slope), its standard error
 * and degrees of freedom, the p of the claim's own test and the p of "the other way".
 *
 * <table>
 *   <caption>the tests, with t = estimate/SE and δ the margin</caption>
 *   <tr><th>claim</th><th>its own test (passes when p &lt; level)</th><th>the other way (at the same
 *       level)</th></tr>
 *   <tr><td>better, slope-higher, grows (superiority)</td><td>one-sided P(T ≥ t), level 2.5% (the 95% CI
 *       above 0)</td><td>one-sided P(T ≤ t): the 95% CI below 0</td></tr>
 *   <tr><td>worse, slope-lower, slope-negative</td><td>one-sided P(T ≤ t), level 2.5% (the 95% CI
 *       below 0)</td><td>one-sided P(T ≥ t): the 95% CI above 0</td></tr>
 *   <tr><td>not-worse (non-inferiority)</td><td>P(T ≥ (d̄ + δ)/SE), level 2.5% (the 95% CI's
 *       lower end above −δ; a method better by more than δ passes)</td><td>P(T ≤ (d̄ + δ)/SE):
 *       worse by more than δ, the 95% CI entirely below −δ</td></tr>
 *   <tr><td>equivalent (TOST)</td><td>the larger of P(T ≥ (d̄ + δ)/SE) and P(T ≤ (d̄ − δ)/SE), level
 *       5% (the 90% CI inside ±δ)</td><td>P(T ≥ (|d̄| − δ)/SE): |d| beyond δ on the side of d̄, the 90%
 *       CI entirely outside ±δ</td></tr>
 * </table>
 *
 * <p>The other way is read off the same interval as the claim's own test, at the same level, so
 * that a reader of the CI shown reaches the same word (MATH.md §10): a non-inferiority comparison
 * whose 95% CI reaches above −δ is not contradicted, however close its upper end. A claim over
 * several comparisons is supported when every one passes its own test at its own level (an
 * intersection–union test: no adjustment), and contradicted when a Holm-adjusted p of the other way
 * is below that same level ({@link Holm}): see {@link ClaimEvaluation}. With a zero
 * standard error t is ±∞ (or 0 for a zero numerator), so every p is 0, ½ or 1; without one (fewer
 * than two seeds) both p's are NaN, which passes nothing and contradicts nothing.
 *
 * @param p the p of the claim's own test
 * @param level the level it is read at: 0.025, or 0.05 for an equivalence
 * @param pAgainst the p of the other way, before Holm's adjustment, read at {@code level} too
 */
public record Hypothesis(double p, double level, double pAgainst) {

    /** Superiority and non-inferiority: one-sided at 2.5%, the two-sided 95% CI. */
    public static final double ONE_SIDED = 0.025;
    /** Equivalence: two one-sided tests at 5%, the 90% CI. */
    public static final double TOST = 0.05;

    /**
     * Tests an estimate for a claim.
     *
     * @param test what the claim asserts
     * @param margin δ for not-worse and equivalent (ignored otherwise)
     * @param estimate d̄, the slope difference or the slope
     * @param se its standard error
     * @param df the degrees of freedom of its t distribution
     */
    public static Hypothesis of(Claim.Test test, double margin, double estimate, double se, double df) {
        double level = test == Claim.Test.EQUIVALENT ? TOST : ONE_SIDED;
        if (!Double.isFinite(estimate) || !(se >= 0) || !(df >= 1)) {
            return new Hypothesis(Double.NaN, level, Double.NaN);
        }
        TDistribution t = PairedComparison.student(df);
        switch (test) {
            case BETTER, SLOPE_HIGHER, GROWS -> {
                double x = ratio(estimate, se);
                return new Hypothesis(above(t, x), level, below(t, x));
            }
            case WORSE, SLOPE_LOWER, SLOPE_NEGATIVE -> {
                double x = ratio(estimate, se);
                return new Hypothesis(below(t, x), level, above(t, x));
            }
            case NOT_WORSE -> {
                double x = ratio(estimate + margin, se);
                return new Hypothesis(above(t, x), level, below(t, x));
            }
            case EQUIVALENT -> {
                double p = Math.max(above(t, ratio(estimate + margin, se)), below(t, ratio(estimate - margin, se)));
                return new Hypothesis(p, level, above(t, ratio(Math.abs(estimate) - margin, se)));
            }
            default -> throw new IllegalStateException("unknown test " + test);
        }
    }

    /** Whether the claim's own test passes at its level. */
    public boolean passes() {
        return p < level;
    }

    /** Whether the other way is significant at the claim's own level (a p already adjusted, or this one). */
    public boolean against(double adjusted) {
        return adjusted < level;
    }

    /**
     * This comparison's own word, unadjusted: supported when its test passes, contradicted when the
     * other way is significant at the same level on its own, inconclusive otherwise.
     */
    public Verdict word() {
        return passes() ? Verdict.SUPPORTED : against(pAgainst) ? Verdict.CONTRADICTED : Verdict.INCONCLUSIVE;
    }

    /** numerator/se, with a zero se giving ±∞ (0 for a zero numerator). */
    private static double ratio(double numerator, double se) {
        if (se == 0.0) {
            return numerator == 0.0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, numerator);
        }
        return numerator / se;
    }

    /** P(T ≥ x). */
    private static double above(TDistribution t, double x) {
        return x == Double.POSITIVE_INFINITY ? 0.0 : x == Double.NEGATIVE_INFINITY ? 1.0 : t.cumulativeProbability(-x);
    }

    /** P(T ≤ x). */
    private static double below(TDistribution t, double x) {
        return above(t, -x);
    }
}
