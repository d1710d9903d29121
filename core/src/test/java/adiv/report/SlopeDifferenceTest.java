package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/**
 * {@link SlopeDifference} (MATH.md §10) against an independent computation of the same interaction
 * regression: NumPy 2 / SciPy 1.17.1 ({@code numpy.linalg.lstsq}, σ̂²·inv(XᵀX),
 * {@code scipy.stats.t}), the explicit normal-equation formula in Commons Math matrix algebra, and
 * the two separate per-method fits.
 */
class SlopeDifferenceTest {

    private static final double[] X = {4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8}; // log₂ 16 … 256, 3 seeds

    /** A: 0.90 − 0.002·x plus fixed noise. */
    private static final double[] ACC_A = {
        0.895, 0.891, 0.894, 0.888, 0.891, 0.890, 0.889, 0.885, 0.890, 0.886, 0.888, 0.885, 0.883, 0.885, 0.887
    };

    /** B: 0.91 − 0.008·x plus fixed noise. */
    private static final double[] ACC_B = {
        0.876, 0.882, 0.879, 0.873, 0.869, 0.866, 0.862, 0.864, 0.859, 0.855, 0.852, 0.856, 0.843, 0.847, 0.846
    };

    private static List<double[]> points(double[] x, double[] y, int count) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new double[] {x[i], y[i]});
        }
        return out;
    }

    private static SimpleRegression separate(List<double[]> pts) {
        SimpleRegression r = new SimpleRegression();
        for (double[] p : pts) {
            r.addData(p[0], p[1]);
        }
        return r;
    }

    @Test
    void matchesNumpyOnTheSameGrid() {
        SlopeDifference s = SlopeDifference.fit(points(X, ACC_A, 15), points(X, ACC_B, 15));
        // reference: design rows [1, x, [A], [A]·x], numpy.linalg.lstsq, cov = σ̂²·inv(XᵀX), CI and p from scipy.stats.t(26)
        assertEquals(15, s.nA());
        assertEquals(15, s.nB());
        assertEquals(26, s.df());
        assertEquals(-0.002, s.slopeA(), 1e-12);
        assertEquals(-0.008233333333333372, s.slopeB(), 1e-12);
        assertEquals(0.006233333333333431, s.difference(), 1e-12);
        assertEquals(0.0005616672373123491, s.se(), 1e-12);
        assertEquals(0.005078809792316685, s.ci95Low(), 1e-11);
        assertEquals(0.007387856874350177, s.ci95High(), 1e-11);
        assertEquals(11.097911573337877, s.t(), 1e-8);
        assertEquals(2.3210489867762153e-11, s.p(), 2.3210489867762153e-11 * 1e-6); // relative 1e-6
        assertEquals(Verdict.SUPPORTED, s.directional(+1));
        assertEquals(Verdict.CONTRADICTED, s.directional(-1));
    }

    /** The textbook formulas: β = (XᵀX)⁻¹Xᵀy, σ̂² = ‖y − Xβ‖²/(n − 4), SE(e) = √(σ̂²[(XᵀX)⁻¹]₃₃). */
    @Test
    void matchesTheExplicitFormula() {
        // unequal grids and sizes so nothing cancels: B only at x = 4, 5, 6
        SlopeDifference s = SlopeDifference.fit(points(X, ACC_A, 15), points(X, ACC_B, 9));
        int n = 24;
        double[][] rows = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            boolean a = i < 15;
            double x = a ? X[i] : X[i - 15];
            y[i] = a ? ACC_A[i] : ACC_B[i - 15];
            rows[i] = new double[] {1, x, a ? 1 : 0, a ? x : 0};
        }
        RealMatrix design = new Array2DRowRealMatrix(rows);
        RealVector yv = new ArrayRealVector(y);
        RealMatrix inv = new LUDecomposition(design.transpose().multiply(design)).getSolver().getInverse();
        RealVector beta = inv.operate(design.transpose().operate(yv));
        RealVector resid = yv.subtract(design.operate(beta));
        double s2 = resid.dotProduct(resid) / (n - 4);
        assertEquals(20, s.df());
        assertEquals(beta.getEntry(3), s.difference(), 1e-10);
        assertEquals(beta.getEntry(1), s.slopeB(), 1e-10);
        assertEquals(Math.sqrt(s2 * inv.getEntry(3, 3)), s.se(), 1e-10);
        // and NumPy on the same data: e = 0.006666666666666479, SE = 0.0010152175464729944
        assertEquals(0.006666666666666479, s.difference(), 1e-12);
        assertEquals(0.0010152175464729944, s.se(), 1e-12);
    }

    @Test
    void slopesEqualTheSeparateFits() {
        for (int countB : new int[] {15, 9}) {
            List<double[]> a = points(X, ACC_A, 15);
            List<double[]> b = points(X, ACC_B, countB);
            SlopeDifference s = SlopeDifference.fit(a, b);
            assertEquals(separate(a).getSlope(), s.slopeA(), 1e-12);
            assertEquals(separate(b).getSlope(), s.slopeB(), 1e-12);
            assertEquals(s.slopeA() - s.slopeB(), s.difference(), 1e-15);
            assertEquals(s.slopeA(), Slope.fit(a).slope(), 1e-12);
        }
    }

    /**
     * Same batch grid, same runs per batch: Sxx is the same S for both methods and nA = nB = m, so
     * SE(e)² = (RSS_A + RSS_B)/(2m − 4)·(1/S + 1/S) = RSS_A/((m − 2)S) + RSS_B/((m − 2)S)
     * = SE_A² + SE_B² exactly, whatever the two residual variances (here they differ: σ̂_A² = SE_A²·S ≈
     * 3.5e-6, σ̂_B² ≈ 5.9e-6, S = 30). So the tolerance is only rounding (1e-12 relative). With different grids the
     * identity fails: NumPy gives 0.0010152 against √(SE_A² + SE_B²) = 0.0012175.
     */
    @Test
    void sameGridSeEqualsTheCombinedSeparateSes() {
        List<double[]> a = points(X, ACC_A, 15);
        SlopeDifference same = SlopeDifference.fit(a, points(X, ACC_B, 15));
        double combined = Math.hypot(separate(a).getSlopeStdErr(), separate(points(X, ACC_B, 15)).getSlopeStdErr());
        assertEquals(0.0005616672373123487, combined, 1e-12); // NumPy/SciPy linregress stderr, combined
        assertEquals(combined, same.se(), combined * 1e-12);

        List<double[]> b9 = points(X, ACC_B, 9);
        SlopeDifference other = SlopeDifference.fit(a, b9);
        double combined9 = Math.hypot(separate(a).getSlopeStdErr(), separate(b9).getSlopeStdErr());
        assertEquals(0.0012175156353592842, combined9, 1e-12);
        assertTrue(Math.abs(other.se() - combined9) > 0.1 * combined9);
    }

    @Test
    void degenerateInputGivesNaN() {
        // B has a single batch size: its slope is not identified
        List<double[]> oneX = List.of(new double[] {5, 0.8}, new double[] {5, 0.81}, new double[] {5, 0.79});
        assertAllNaN(SlopeDifference.fit(points(X, ACC_A, 15), oneX));
        // n = 4 (two distinct x each): the fit is exact, no degrees of freedom left
        SlopeDifference exact = SlopeDifference.fit(
                List.of(new double[] {4, 0.9}, new double[] {5, 0.8}),
                List.of(new double[] {4, 0.8}, new double[] {5, 0.7}));
        assertEquals(0, exact.df());
        assertAllNaN(exact);
        // non-finite points are dropped before counting
        SlopeDifference dropped = SlopeDifference.fit(
                List.of(new double[] {4, 0.9}, new double[] {5, 0.8}, new double[] {6, Double.NaN}),
                List.of(new double[] {4, 0.8}, new double[] {5, 0.7}, new double[] {Double.POSITIVE_INFINITY, 0.7}));
        assertEquals(2, dropped.nA());
        assertEquals(2, dropped.nB());
        assertAllNaN(dropped);
        assertEquals(Verdict.INCONCLUSIVE, dropped.directional(+1));
    }

    @Test
    void fivePointsLeaveOneDegreeOfFreedom() {
        SlopeDifference s = SlopeDifference.fit(
                List.of(new double[] {4, 0.9}, new double[] {5, 0.8}, new double[] {6, 0.72}),
                List.of(new double[] {4, 0.8}, new double[] {5, 0.7}));
        assertEquals(1, s.df());
        assertTrue(Double.isFinite(s.se()) && s.se() > 0);
        assertTrue(Double.isFinite(s.p()));
        // B's two points fit exactly, so all residual variance is A's: SE(e)² = RSS_A/1·(1/Sxx_A + 1/Sxx_B)
        // A: slope −0.09, residuals (0.0033…, −0.0066…, 0.0033…), RSS_A = 6.6667e-5; Sxx_A = 2, Sxx_B = 0.5
        assertEquals(Math.sqrt(2.0 / 3.0 * 1e-4 * (1 / 2.0 + 1 / 0.5)), s.se(), 1e-12);
    }

    private static void assertAllNaN(SlopeDifference s) {
        for (double v : new double[] {s.slopeA(), s.slopeB(), s.difference(), s.se(), s.ci95Low(), s.ci95High(),
                s.t(), s.p()}) {
            assertTrue(Double.isNaN(v));
        }
    }
}
