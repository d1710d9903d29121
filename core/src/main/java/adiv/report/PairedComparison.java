package adiv.report;

import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Method A against method B, paired by seed (MATH.md §10).
 *
 * <p>Runs of A and B with the same seed share the data order and, where parameter shapes agree,
 * the initial weights, so the seed-to-seed noise they share cancels in the difference
 * d<sub>s</sub> = acc<sub>A</sub>(s) − acc<sub>B</sub>(s). That is why the comparison is a paired
 * one: the effect is d̄ = mean(d<sub>s</sub>), its standard error SE = sd(d<sub>s</sub>)/√n, the
 * 95% confidence interval d̄ ± t<sub>0.975, n−1</sub>·SE (Student t with n − 1 degrees of
 * freedom, from Apache Commons Math), the two-sided p-value of t = d̄/SE, and the counts of seeds
 * with d<sub>s</sub> &gt; 0, = 0 and &lt; 0. The 90% interval d̄ ± t<sub>0.95, n−1</sub>·SE is the
 * one an equivalence claim is judged on (two one-sided tests at 5%; see {@link Verdict#equivalence}).
 *
 * <p>Edge cases, fixed here so every report says the same thing:
 *
 * <ul>
 *   <li>Only seeds present in both maps with a finite accuracy in both are paired; others are
 *       ignored. {@code n} counts the pairs.
 *   <li>n = 0: every statistic is NaN. n = 1: {@code meanDiff} is that one difference, but there is
 *       no spread to estimate, so sd, se, both intervals, t and p are NaN.
 *   <li>sd = 0 with n ≥ 2 (every difference equal; tested exactly, not up to rounding): se = 0 and
 *       both intervals collapse to [d̄, d̄]. If d̄ ≠ 0 then t = ±∞ and p = 0 (every seed agrees on
 *       the same nonzero effect); if d̄ = 0 then t = 0 and p = 1 (every seed shows no difference).
 * </ul>
 *
 * @param n number of seeds paired
 * @param meanDiff d̄, mean of acc<sub>A</sub> − acc<sub>B</sub>
 * @param sd sample standard deviation of the differences (n − 1 in the denominator)
 * @param se sd/√n
 * @param ci95Low lower end of the 95% CI of d̄ (t<sub>0.975, n−1</sub>)
 * @param ci95High upper end of the 95% CI of d̄
 * @param ci90Low lower end of the 90% CI of d̄ (t<sub>0.95, n−1</sub>), for equivalence
 * @param ci90High upper end of the 90% CI of d̄
 * @param t d̄/SE
 * @param p two-sided p-value of t with n − 1 degrees of freedom
 * @param favourA seeds with d<sub>s</sub> &gt; 0
 * @param ties seeds with d<sub>s</sub> = 0
 * @param favourB seeds with d<sub>s</sub> &lt; 0
 */
public record PairedComparison(
        int n,
        double meanDiff,
        double sd,
        double se,
        double ci95Low,
        double ci95High,
        double ci90Low,
        double ci90High,
        double t,
        double p,
        int favourA,
        int ties,
        int favourB) {

    /** {@link #seedsNeeded()} when it cannot be estimated (fewer than two pairs, so no sd). */
    public static final int NOT_ESTIMABLE = -1;

    /**
     * Pairs A's and B's accuracies by seed and compares them (MATH.md §10).
     *
     * @param a seed → accuracy of method A
     * @param b seed → accuracy of method B
     * @return the comparison of A − B over the seeds both have (finite in both)
     */
    public static PairedComparison of(Map<Long, Double> a, Map<Long, Double> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        DescriptiveStatistics d = new DescriptiveStatistics();
        int plus = 0;
        int zero = 0;
        int minus = 0;
        for (Map.Entry<Long, Double> e : a.entrySet()) {
            Double va = e.getValue();
            Double vb = b.get(e.getKey());
            if (va == null || vb == null || !Double.isFinite(va) || !Double.isFinite(vb)) {
                continue;
            }
            double diff = va - vb;
            d.addValue(diff);
            if (diff > 0) {
                plus++;
            } else if (diff < 0) {
                minus++;
            } else {
                zero++;
            }
        }
        int n = (int) d.getN();
        double nan = Double.NaN;
        if (n == 0) {
            return new PairedComparison(0, nan, nan, nan, nan, nan, nan, nan, nan, nan, 0, 0, 0);
        }
        double mean = d.getMean();
        if (n == 1) {
            return new PairedComparison(1, mean, nan, nan, nan, nan, nan, nan, nan, nan, plus, zero, minus);
        }
        TDistribution dist = student(n - 1);
        boolean allEqual = d.getMin() == d.getMax();
        if (allEqual) {
            // Exactly zero spread: the mean is the common value itself, not a rounded sum over n.
            mean = d.getMin();
        }
        double sd = allEqual ? 0.0 : d.getStandardDeviation();
        double se = sd / Math.sqrt(n);
        double h95 = dist.inverseCumulativeProbability(0.975) * se;
        double h90 = dist.inverseCumulativeProbability(0.95) * se;
        double[] tp = tAndP(mean, se, dist);
        return new PairedComparison(
                n, mean, sd, se, mean - h95, mean + h95, mean - h90, mean + h90, tp[0], tp[1], plus, zero, minus);
    }

    /**
     * The t statistic of an estimate and its two-sided p: with a zero standard error, t = ±∞ and p = 0
     * for a nonzero estimate, t = 0 and p = 1 for zero.
     */
    static double[] tAndP(double estimate, double se, TDistribution dist) {
        if (se == 0.0) {
            return estimate == 0.0 ? new double[] {0.0, 1.0}
                    : new double[] {Math.copySign(Double.POSITIVE_INFINITY, estimate), 0.0};
        }
        double t = estimate / se;
        // 2·P(T ≤ −|t|) rather than 2·(1 − P(T ≤ |t|)): keeps small p-values accurate.
        return new double[] {t, Math.min(1.0, 2.0 * dist.cumulativeProbability(-Math.abs(t)))};
    }

    /**
     * A rough planning figure: about how many seeds would give 80% power, at the 5% two-sided level,
     * to detect the effect observed here with the spread observed here (MATH.md §10):
     * ceil(((t<sub>0.975, n−1</sub> + t<sub>0.8, n−1</sub>)·sd/|d̄|)²).
     *
     * <p>Why rough: it treats the observed d̄ and sd as the truth and uses the quantiles at the
     * observed n − 1 degrees of freedom (not at the planned n, which would need iterating); with
     * few seeds those quantiles are larger, so the figure leans high. It is meant for an
     * inconclusive comparison ("run about this many seeds"), not as a test.
     *
     * @return the number of seeds, at least 2 (a paired t test needs two); {@link Integer#MAX_VALUE}
     *     when d̄ = 0 (no number of seeds detects an observed effect of zero) or when the figure
     *     overflows an int; {@link #NOT_ESTIMABLE} when n &lt; 2 (no sd to plan with)
     */
    public int seedsNeeded() {
        if (n < 2 || !Double.isFinite(meanDiff) || !Double.isFinite(sd)) {
            return NOT_ESTIMABLE;
        }
        if (meanDiff == 0.0) {
            return Integer.MAX_VALUE;
        }
        TDistribution dist = student(n - 1);
        double k = (dist.inverseCumulativeProbability(0.975) + dist.inverseCumulativeProbability(0.8))
                * sd / Math.abs(meanDiff);
        double seeds = Math.ceil(k * k);
        if (!(seeds < Integer.MAX_VALUE)) {
            return Integer.MAX_VALUE;
        }
        return Math.max(2, (int) seeds);
    }

    /** {@link Verdict#directional} on this comparison's 95% CI; +1 claims A &gt; B, −1 claims A &lt; B. */
    public Verdict directional(int claimedSign) {
        return Verdict.directional(ci95Low, ci95High, claimedSign);
    }

    /** {@link Verdict#equivalence} on this comparison's 90% CI with margin δ (same units as d̄). */
    public Verdict equivalence(double margin) {
        return Verdict.equivalence(ci90Low, ci90High, margin);
    }

    /**
     * Student's t with the given degrees of freedom. No random generator (nothing here samples), and
     * quantiles solved to 1e-12 rather than Commons Math's default 1e-9.
     */
    static TDistribution student(double df) {
        return new TDistribution(null, df, 1e-12);
    }
}
