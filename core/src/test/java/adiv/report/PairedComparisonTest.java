package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PairedComparison} (MATH.md §10) against numbers computed independently: hand arithmetic
 * and SciPy 1.17.1 ({@code scipy.stats.t.ppf}, {@code scipy.stats.ttest_rel}).
 */
class PairedComparisonTest {

    private static Map<Long, Double> seeds(double... acc) {
        Map<Long, Double> m = new HashMap<>();
        for (int i = 0; i < acc.length; i++) {
            m.put((long) i + 1, acc[i]);
        }
        return m;
    }

    @Test
    void studentQuantilesMatchPublishedValues() {
        // scipy.stats.t.ppf(q, df); the first three also in printed t tables to 3 decimals
        // (2.776, 2.262, 2.132). Note t_{0.8,4} = 0.9409645772, not 0.940964830.
        assertEquals(2.7764451051977934, PairedComparison.student(4).inverseCumulativeProbability(0.975), 1e-9);
        assertEquals(2.262157162798205, PairedComparison.student(9).inverseCumulativeProbability(0.975), 1e-9);
        assertEquals(2.1318467863266495, PairedComparison.student(4).inverseCumulativeProbability(0.95), 1e-9);
        assertEquals(0.9409645772351816, PairedComparison.student(4).inverseCumulativeProbability(0.8), 1e-9);
    }

    /**
     * Five seeds, d = (9, −2, 11, 3, 11)·10⁻³. By hand: Σd = 32e-3, d̄ = 6.4e-3; deviations
     * (2.6, −8.4, 4.6, −3.4, 4.6)e-3, squares sum 131.2e-6, s² = 32.8e-6, sd = √32.8e-3 =
     * 5.727128425e-3, se = √6.56e-3 = 2.561249695e-3, t = 6.4/2.5612497 = 2.498780190. The
     * quantile-dependent numbers from SciPy: CI95 = d̄ ± 2.7764451052·se, CI90 = d̄ ± 2.1318467863·se,
     * p = ttest_rel(a, b).pvalue.
     */
    @Test
    void fiveSeedsAgainstHandAndScipy() {
        Map<Long, Double> a = seeds(0.912, 0.905, 0.921, 0.899, 0.915);
        Map<Long, Double> b = seeds(0.903, 0.907, 0.910, 0.896, 0.904);
        a.put(6L, 0.95); // no partner in b: ignored
        a.put(7L, 0.95);
        b.put(7L, Double.NaN); // not finite in b: ignored
        b.put(8L, 0.5); // no partner in a: ignored
        PairedComparison c = PairedComparison.of(a, b);
        assertEquals(5, c.n());
        assertEquals(0.0064, c.meanDiff(), 1e-12);
        assertEquals(0.005727128425310546, c.sd(), 1e-12);
        assertEquals(0.0025612496949731414, c.se(), 1e-12);
        assertEquals(-0.0007111691787975143, c.ci95Low(), 1e-11);
        assertEquals(0.013511169178797525, c.ci95High(), 1e-11);
        assertEquals(0.0009398080687914026, c.ci90Low(), 1e-11);
        assertEquals(0.01186019193120861, c.ci90High(), 1e-11);
        assertEquals(2.498780190217697, c.t(), 1e-9);
        assertEquals(0.06685364453302162, c.p(), 1e-9);
        assertEquals(4, c.favourA());
        assertEquals(0, c.ties());
        assertEquals(1, c.favourB());
        // ((2.7764451 + 0.9409646)·5.7271284e-3/6.4e-3)² = (3.7174097·0.8948638)² = 11.0661 → 12
        assertEquals(12, c.seedsNeeded());
        // the 95% CI holds zero, the 90% CI does not
        assertEquals(Verdict.INCONCLUSIVE, c.directional(+1));
        assertEquals(Verdict.INCONCLUSIVE, c.equivalence(0.01)); // 0.0119 > 0.01
        assertEquals(Verdict.SUPPORTED, c.equivalence(0.02));
    }

    @Test
    void swappingTheMethodsNegatesTheEffect() {
        Map<Long, Double> a = seeds(0.912, 0.905, 0.921, 0.899, 0.915);
        Map<Long, Double> b = seeds(0.903, 0.907, 0.910, 0.896, 0.904);
        PairedComparison ab = PairedComparison.of(a, b);
        PairedComparison ba = PairedComparison.of(b, a);
        assertEquals(-ab.meanDiff(), ba.meanDiff(), 1e-15);
        assertEquals(ab.sd(), ba.sd(), 1e-15);
        assertEquals(-ab.ci95High(), ba.ci95Low(), 1e-15);
        assertEquals(-ab.t(), ba.t(), 1e-12);
        assertEquals(ab.p(), ba.p(), 1e-15);
        assertEquals(ab.favourA(), ba.favourB());
        assertEquals(ab.seedsNeeded(), ba.seedsNeeded());
    }

    @Test
    void countsTies() {
        // d = 0.25, 0, −0.125, 0 (all exact in binary)
        PairedComparison c = PairedComparison.of(seeds(0.75, 0.5, 0.5, 0.25), seeds(0.5, 0.5, 0.625, 0.25));
        assertEquals(4, c.n());
        assertEquals(1, c.favourA());
        assertEquals(2, c.ties());
        assertEquals(1, c.favourB());
        assertEquals(0.03125, c.meanDiff(), 1e-15);
    }

    @Test
    void fewerThanTwoPairsHasNoSpread() {
        PairedComparison none = PairedComparison.of(seeds(), seeds(0.5));
        assertEquals(0, none.n());
        assertTrue(Double.isNaN(none.meanDiff()));
        assertTrue(Double.isNaN(none.ci95Low()));
        assertTrue(Double.isNaN(none.p()));
        assertEquals(PairedComparison.NOT_ESTIMABLE, none.seedsNeeded());
        assertEquals(Verdict.INCONCLUSIVE, none.directional(+1));

        PairedComparison one = PairedComparison.of(seeds(0.75), seeds(0.5));
        assertEquals(1, one.n());
        assertEquals(0.25, one.meanDiff(), 0.0);
        assertEquals(1, one.favourA());
        for (double v : new double[] {one.sd(), one.se(), one.ci95Low(), one.ci95High(), one.ci90Low(),
                one.ci90High(), one.t(), one.p()}) {
            assertTrue(Double.isNaN(v));
        }
        assertEquals(PairedComparison.NOT_ESTIMABLE, one.seedsNeeded());
        assertEquals(Verdict.INCONCLUSIVE, one.directional(+1));
        assertEquals(Verdict.INCONCLUSIVE, one.equivalence(0.01));
    }

    @Test
    void twoPairsUseOneDegreeOfFreedom() {
        // d = 0.25, 0.125: d̄ = 0.1875, sd = 0.125/√2, se = 0.0625, t = 3; p = 2·P(T₁ ≤ −3) =
        // 1 − (2/π)·atan(3) = 0.2048327646991335 (Cauchy cdf); t_{0.975,1} = tan(0.475π) = 12.706204736
        PairedComparison c = PairedComparison.of(seeds(0.75, 0.625), seeds(0.5, 0.5));
        assertEquals(0.0625, c.se(), 1e-15);
        assertEquals(3.0, c.t(), 1e-12);
        assertEquals(1 - 2 / Math.PI * Math.atan(3), c.p(), 1e-12);
        assertEquals(0.1875 - Math.tan(0.475 * Math.PI) * 0.0625, c.ci95Low(), 1e-10);
    }

    @Test
    void zeroSpreadWithAnEffect() {
        // every d exactly 0.25: se = 0, t = +∞, p = 0, CIs collapse on 0.25
        PairedComparison c = PairedComparison.of(seeds(0.75, 0.5, 0.625), seeds(0.5, 0.25, 0.375));
        assertEquals(3, c.n());
        assertEquals(0.25, c.meanDiff(), 0.0);
        assertEquals(0.0, c.sd(), 0.0);
        assertEquals(0.0, c.se(), 0.0);
        assertEquals(0.25, c.ci95Low(), 0.0);
        assertEquals(0.25, c.ci95High(), 0.0);
        assertEquals(0.25, c.ci90Low(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, c.t());
        assertEquals(0.0, c.p(), 0.0);
        assertEquals(2, c.seedsNeeded()); // the formula gives 0; a paired t test needs two
        assertEquals(Verdict.SUPPORTED, c.directional(+1));
        assertEquals(Verdict.CONTRADICTED, c.directional(-1));

        PairedComparison r = PairedComparison.of(seeds(0.5, 0.25, 0.375), seeds(0.75, 0.5, 0.625));
        assertEquals(Double.NEGATIVE_INFINITY, r.t());
        assertEquals(0.0, r.p(), 0.0);
    }

    @Test
    void zeroSpreadWithoutAnEffect() {
        PairedComparison c = PairedComparison.of(seeds(0.9, 0.8, 0.7), seeds(0.9, 0.8, 0.7));
        assertEquals(0.0, c.meanDiff(), 0.0);
        assertEquals(0.0, c.se(), 0.0);
        assertEquals(0.0, c.t(), 0.0);
        assertEquals(1.0, c.p(), 0.0);
        assertEquals(3, c.ties());
        assertEquals(Integer.MAX_VALUE, c.seedsNeeded());
        assertEquals(Verdict.INCONCLUSIVE, c.directional(+1));
    }

    @Test
    void zeroMeanWithSpreadNeedsUnboundedSeeds() {
        // d = +0.25, −0.25: d̄ = 0, t = 0, p = 1
        PairedComparison c = PairedComparison.of(seeds(0.75, 0.25), seeds(0.5, 0.5));
        assertEquals(0.0, c.meanDiff(), 0.0);
        assertEquals(0.0, c.t(), 0.0);
        assertEquals(1.0, c.p(), 1e-15);
        assertEquals(Integer.MAX_VALUE, c.seedsNeeded());
    }
}
