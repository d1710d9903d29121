package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.Claim.Test;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tests of MATH.md §10 against values computed once with SciPy 1.10.1 and statsmodels 0.13.5
 * (Debian's python3-scipy and python3-statsmodels), on five paired seeds:
 *
 * <pre>
 * a = [0.9012, 0.8987, 0.9055, 0.9031, 0.8999]; b = [0.9040, 0.9021, 0.9049, 0.9070, 0.9013]; d = a - b
 * stats.ttest_1samp(d, 0, alternative='greater').pvalue        superiority
 * stats.ttest_1samp(d, 0, alternative='less').pvalue           "worse"
 * stats.ttest_1samp(d, 0, alternative='less').pvalue           the other way of superiority (at 2.5%)
 * stats.ttest_1samp(d, -0.01, alternative='greater').pvalue    non-inferiority, margin 1 point
 * statsmodels.stats.weightstats.ttost_paired(a, b, -0.01, 0.01) equivalence (TOST)
 * stats.t.sf((abs(d.mean()) - 0.01) / se, 4)                   equivalence, the other way
 * </pre>
 */
class HypothesisTest {

    private static final double[] A = {0.9012, 0.8987, 0.9055, 0.9031, 0.8999};
    private static final double[] B = {0.9040, 0.9021, 0.9049, 0.9070, 0.9013};

    private static PairedComparison paired(double[] a, double[] b) {
        Map<Long, Double> ma = new LinkedHashMap<>();
        Map<Long, Double> mb = new LinkedHashMap<>();
        for (int i = 0; i < a.length; i++) {
            ma.put((long) i + 1, a[i]);
            mb.put((long) i + 1, b[i]);
        }
        return PairedComparison.of(ma, mb);
    }

    private static Hypothesis test(Test test, PairedComparison c) {
        return Hypothesis.of(test, 0.01, c.meanDiff(), c.se(), c.n() - 1);
    }

    @org.junit.jupiter.api.Test
    void eachTestsPValueIsScipysAndStatsmodels() {
        PairedComparison c = paired(A, B); // d̄ = −0.218 points
        Hypothesis better = test(Test.BETTER, c);
        assertEquals(0.9725758738124528, better.p(), 1e-12);
        assertEquals(0.027424126187547134, better.pAgainst(), 1e-12, "one-sided, the 95% CI's reading");
        assertFalse(better.against(better.pAgainst()), "0.0274 is above 2.5%: the 95% CI reaches above 0");
        assertEquals(Verdict.INCONCLUSIVE, better.word());
        assertEquals(0.025, better.level());
        Hypothesis worse = test(Test.WORSE, c);
        assertEquals(0.027424126187547124, worse.p(), 1e-12);
        assertFalse(worse.passes(), "0.0274 is above the one-sided 2.5%");
        assertEquals(0.9725758738124529, worse.pAgainst(), 1e-12, "d̄ is on the claimed side: nothing the other way");
        Hypothesis notWorse = test(Test.NOT_WORSE, c);
        assertEquals(0.00032413599157468984, notWorse.p(), 1e-12);
        assertEquals(0.9996758640084253, notWorse.pAgainst(), 1e-12);
        assertTrue(notWorse.passes());
        Hypothesis equivalent = test(Test.EQUIVALENT, c);
        assertEquals(0.00032413599157468984, equivalent.p(), 1e-12, "ttost_paired's p: the larger one-sided p");
        assertEquals(0.9996758640084253, equivalent.pAgainst(), 1e-12);
        assertEquals(0.05, equivalent.level());
        assertEquals(Verdict.SUPPORTED, equivalent.word());
    }

    @org.junit.jupiter.api.Test
    void aMethodBetterByMoreThanTheMarginIsNotWorseButNotEquivalent() {
        double[] c = new double[5];
        double[] jitter = {0.001, -0.002, 0.0015, 0.0005, -0.001};
        for (int i = 0; i < 5; i++) {
            c[i] = B[i] + 0.02 + jitter[i];
        }
        PairedComparison p = paired(c, B); // d̄ = +2 points
        Hypothesis notWorse = test(Test.NOT_WORSE, p);
        assertEquals(6.668806381160219e-07, notWorse.p(), 1e-12);
        assertEquals(Verdict.SUPPORTED, notWorse.word());
        Hypothesis equivalent = test(Test.EQUIVALENT, p);
        assertEquals(0.9999473142413161, equivalent.p(), 1e-12);
        assertEquals(5.2685758683871025e-05, equivalent.pAgainst(), 1e-12);
        assertEquals(Verdict.CONTRADICTED, equivalent.word(), "two points apart is not within one");
        assertEquals(3.3628626281169274e-06, test(Test.BETTER, p).p(), 1e-12);
    }

    /**
     * MATH.md §10 as changed: a non-inferiority comparison whose 95% CI is [−2.99, −0.93] points with a
     * margin of 1 point is not contradicted (the CI reaches above −1), though its one-sided p of "worse
     * by more than the margin" is below 5%. SciPy, five seeds (df 4):
     *
     * <pre>
     * se = (0.0299 - 0.0093) / 2 / stats.t.ppf(0.975, 4)      # 0.0037097798118598964
     * stats.t.cdf((-0.0196 + 0.01) / se, 4)                     # 0.030413863599290034, the other way
     * stats.t.sf((-0.0196 + 0.01) / se, 4)                      # 0.96958613640071, its own test
     * </pre>
     */
    @org.junit.jupiter.api.Test
    void theOtherWayIsReadOffTheClaimsOwnInterval() {
        double se = 0.0037097798118598964;
        Hypothesis h = Hypothesis.of(Test.NOT_WORSE, 0.01, -0.0196, se, 4);
        assertEquals(0.030413863599290034, h.pAgainst(), 1e-12);
        assertEquals(0.96958613640071, h.p(), 1e-12);
        double half = PairedComparison.student(4).inverseCumulativeProbability(0.975) * se;
        assertEquals(-0.0299, -0.0196 - half, 1e-12);
        assertEquals(-0.0093, -0.0196 + half, 1e-12);
        assertEquals(Verdict.INCONCLUSIVE, h.word(), "the CI reaches above −1 point: inconclusive, as a reader sees");
        // A little further, the CI entirely below −1 point: contradicted.
        Hypothesis worse = Hypothesis.of(Test.NOT_WORSE, 0.01, -0.0215, se, 4);
        assertTrue(-0.0215 + half < -0.01);
        assertEquals(Verdict.CONTRADICTED, worse.word());
    }

    @org.junit.jupiter.api.Test
    void aSlopesSignIsTestedOnItsOwnRegression() {
        // stats.linregress(x, y, alternative='less') with x = log2 batch over 5 seeds each
        double[] y = {0.8641, 0.8549, 0.8608, 0.8589, 0.8591, 0.8476, 0.844, 0.8475, 0.8463, 0.8546, 0.8365,
            0.8353, 0.8354, 0.8347, 0.8339};
        List<double[]> xy = new java.util.ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            xy.add(new double[] {new double[] {5, 7, 9}[i / 5], y[i]});
        }
        Slope s = Slope.fit(xy);
        assertEquals(-0.006099999999999994, s.slope(), 1e-12);
        assertEquals(0.0004649427866649785, s.se(), 1e-12);
        Hypothesis h = Hypothesis.of(Test.SLOPE_NEGATIVE, Double.NaN, s.slope(), s.se(), s.points() - 2);
        assertEquals(3.5583548852796304e-09, h.p(), 1e-15);
        assertEquals(1 - 3.5583548852796304e-09, h.pAgainst(), 1e-15, "one-sided the other way: P(T ≥ t)");
        assertTrue(h.passes());
    }

    /** The p rules read the same as the CIs (MATH.md §10), on random estimates. */
    @org.junit.jupiter.api.Test
    void passingIsTheConfidenceIntervalsReading() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double df = 1 + r.nextInt(12);
            double se = 0.0005 + 0.01 * r.nextDouble();
            double d = 0.03 * r.nextGaussian();
            double margin = 0.01;
            var t = PairedComparison.student(df);
            double h95 = t.inverseCumulativeProbability(0.975) * se;
            double h90 = t.inverseCumulativeProbability(0.95) * se;
            assertEquals(Verdict.directional(d - h95, d + h95, 1) == Verdict.SUPPORTED,
                    Hypothesis.of(Test.BETTER, margin, d, se, df).passes());
            assertEquals(Verdict.directional(d - h95, d + h95, 1) == Verdict.CONTRADICTED,
                    Hypothesis.of(Test.BETTER, margin, d, se, df).word() == Verdict.CONTRADICTED);
            assertEquals(Verdict.directional(d - h95, d + h95, -1) == Verdict.SUPPORTED,
                    Hypothesis.of(Test.SLOPE_LOWER, margin, d, se, df).passes());
            assertEquals(d - h95 > -margin, Hypothesis.of(Test.NOT_WORSE, margin, d, se, df).passes());
            Hypothesis notWorse = Hypothesis.of(Test.NOT_WORSE, margin, d, se, df);
            assertEquals(d + h95 < -margin, notWorse.against(notWorse.pAgainst()), "the other way: the 95% CI below −δ");
            assertEquals(Verdict.equivalence(d - h90, d + h90, margin),
                    Hypothesis.of(Test.EQUIVALENT, margin, d, se, df).word());
        }
    }

    @org.junit.jupiter.api.Test
    void withoutASpreadEveryPIsZeroOneOrAHalfAndWithoutSeedsNothingIsDecided() {
        Hypothesis same = Hypothesis.of(Test.BETTER, Double.NaN, 0.01, 0.0, 4);
        assertEquals(0.0, same.p());
        assertEquals(1.0, same.pAgainst());
        Hypothesis zero = Hypothesis.of(Test.BETTER, Double.NaN, 0.0, 0.0, 4);
        assertEquals(0.5, zero.p());
        Hypothesis none = Hypothesis.of(Test.NOT_WORSE, 0.01, 0.01, Double.NaN, 0);
        assertTrue(Double.isNaN(none.p()) && Double.isNaN(none.pAgainst()));
        assertEquals(Verdict.INCONCLUSIVE, none.word());
    }
}
