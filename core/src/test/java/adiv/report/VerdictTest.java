package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixed verdict rules of MATH.md §10 ({@link Verdict}, {@link Judgement}). */
class VerdictTest {

    /** Seeds 1..n: B's accuracies, and A = B + effect + a small noise that averages to zero. */
    private static PairedComparison compare(double effect) {
        double[] b = {0.90, 0.88, 0.91, 0.87, 0.89, 0.90, 0.86, 0.92};
        double[] noise = {0.002, -0.001, 0.0, -0.002, 0.001, 0.001, -0.002, 0.001}; // sums to 0
        Map<Long, Double> ma = new HashMap<>();
        Map<Long, Double> mb = new HashMap<>();
        for (int i = 0; i < b.length; i++) {
            ma.put((long) i, b[i] + effect + noise[i]);
            mb.put((long) i, b[i]);
        }
        return PairedComparison.of(ma, mb);
    }

    @Test
    void words() {
        assertEquals("supported", Verdict.SUPPORTED.word());
        assertEquals("contradicted", Verdict.CONTRADICTED.word());
        assertEquals("inconclusive", Verdict.INCONCLUSIVE.word());
        assertEquals("too short", Verdict.TOO_SHORT.word());
    }

    @Test
    void directionalOnConstructedRuns() {
        PairedComparison better = compare(0.02); // A better by 2 points, noise ±0.2
        assertTrue(better.ci95Low() > 0);
        assertEquals(Verdict.SUPPORTED, better.directional(+1));
        assertEquals(Verdict.CONTRADICTED, better.directional(-1));

        PairedComparison equal = compare(0.0); // d̄ ≈ 0 (rounding only)
        assertTrue(equal.ci95Low() < 0 && equal.ci95High() > 0);
        assertEquals(Verdict.INCONCLUSIVE, equal.directional(+1));
        assertEquals(Verdict.INCONCLUSIVE, equal.directional(-1));

        PairedComparison worse = compare(-0.02);
        assertEquals(Verdict.CONTRADICTED, worse.directional(+1));
        assertEquals(Verdict.SUPPORTED, worse.directional(-1));
    }

    @Test
    void directionalBoundaries() {
        assertEquals(Verdict.SUPPORTED, Verdict.directional(0.001, 0.02, +1));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.directional(0.0, 0.02, +1)); // touches zero
        assertEquals(Verdict.INCONCLUSIVE, Verdict.directional(-0.01, 0.02, +1));
        assertEquals(Verdict.CONTRADICTED, Verdict.directional(-0.03, -0.01, +1));
        assertEquals(Verdict.SUPPORTED, Verdict.directional(-0.03, -0.01, -1));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.directional(Double.NaN, Double.NaN, +1));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.directional(Double.NaN, Double.NaN, -1));
        assertThrows(IllegalArgumentException.class, () -> Verdict.directional(0.1, 0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> Verdict.directional(0.1, 0.2, 2));
    }

    @Test
    void equivalenceOnConstructedRuns() {
        // A matches B (noise ±0.2 points) within one point: supported
        assertEquals(Verdict.SUPPORTED, compare(0.0).equivalence(0.01));
        // A 3 points better: the 90% CI lies wholly above the margin: contradicted
        PairedComparison far = compare(0.03);
        assertTrue(far.ci90Low() >= 0.01);
        assertEquals(Verdict.CONTRADICTED, far.equivalence(0.01));
        assertEquals(Verdict.CONTRADICTED, compare(-0.03).equivalence(0.01));
        // A 1 point better: the CI straddles the margin: inconclusive
        PairedComparison edge = compare(0.01);
        assertTrue(edge.ci90Low() < 0.01 && edge.ci90High() > 0.01);
        assertEquals(Verdict.INCONCLUSIVE, edge.equivalence(0.01));
    }

    @Test
    void equivalenceBoundaries() {
        assertEquals(Verdict.SUPPORTED, Verdict.equivalence(-0.009, 0.009, 0.01));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.equivalence(-0.009, 0.01, 0.01)); // touches δ: not inside
        assertEquals(Verdict.INCONCLUSIVE, Verdict.equivalence(-0.02, 0.02, 0.01)); // wider than the margin
        assertEquals(Verdict.CONTRADICTED, Verdict.equivalence(0.01, 0.03, 0.01));
        assertEquals(Verdict.CONTRADICTED, Verdict.equivalence(-0.03, -0.01, 0.01));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.equivalence(Double.NaN, Double.NaN, 0.01));
        assertThrows(IllegalArgumentException.class, () -> Verdict.equivalence(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Verdict.equivalence(0, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Verdict.equivalence(0, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void tooShortIsAStrictMajority() {
        assertFalse(Verdict.tooShort(10, 5));
        assertTrue(Verdict.tooShort(10, 6));
        assertTrue(Verdict.tooShort(3, 2));
        assertFalse(Verdict.tooShort(3, 1));
        assertFalse(Verdict.tooShort(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Verdict.tooShort(3, 4));
        assertThrows(IllegalArgumentException.class, () -> Verdict.tooShort(-1, 0));
    }

    @Test
    void tooShortOverridesWhateverTheCiSays() {
        for (Verdict v : new Verdict[] {Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.INCONCLUSIVE}) {
            assertEquals(Verdict.TOO_SHORT, Verdict.withLength(v, true));
            assertEquals(v, Verdict.withLength(v, false));
            Judgement j = Judgement.of(v, true);
            assertEquals(Verdict.TOO_SHORT, j.verdict());
            assertEquals(v, j.fromCi());
            assertTrue(j.tooShort());
            assertEquals(v, Judgement.of(v, false).verdict());
        }
        Judgement j = Judgement.of(compare(0.02).directional(+1), 8, 5);
        assertEquals(Verdict.TOO_SHORT, j.verdict());
        assertEquals(Verdict.SUPPORTED, j.fromCi());
        assertEquals(Verdict.SUPPORTED, Judgement.of(compare(0.02).directional(+1), 8, 4).verdict());
        assertThrows(IllegalArgumentException.class, () -> Judgement.of(Verdict.TOO_SHORT, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Judgement(Verdict.SUPPORTED, Verdict.SUPPORTED, true));
    }
}
