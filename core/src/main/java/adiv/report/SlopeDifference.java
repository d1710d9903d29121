package adiv.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * The difference between two methods' slopes of accuracy against x = log₂ batch (the paper's
 * Table 1), from one ordinary-least-squares fit with an interaction term (MATH.md §10):
 *
 * <pre>acc = a + b·x + c·[method = A] + e·[method = A]·x</pre>
 *
 * so B's slope is b, A's slope is b + e, and the slope difference is e with its OLS standard error
 * √(σ̂²·[(XᵀX)⁻¹]<sub>ee</sub>), σ̂² the residual variance pooled over both methods with n − 4
 * degrees of freedom. Why one fit rather than two: it gives the difference a standard error, a CI
 * and a test directly. Each method keeps its own intercept and slope, so slopeA and slopeB equal
 * the two separate per-method fits; when both methods have the same batch grid with the same
 * number of runs per batch, the SE equals √(SE<sub>A</sub>² + SE<sub>B</sub>²) from those fits.
 *
 * <p>The fit is Apache Commons Math's {@link OLSMultipleLinearRegression}, which adds the
 * intercept column a itself (its default), so the design passed to it is (x, [A], [A]·x) and the
 * parameters come back as (a, b, c, e).
 *
 * <p>Degenerate input gives NaN in every double field (df and the counts are still filled in):
 * fewer than two distinct x for either method (that method's slope is not identified), or n ≤ 4
 * finite points in all (no residual degrees of freedom for σ̂²). If the fit is exact (se = 0,
 * which real accuracies practically never give), t is ±∞ and p = 0 when e ≠ 0, and t = 0, p = 1
 * when e = 0, as in {@link PairedComparison}.
 *
 * @param slopeA A's slope, b + e (accuracy per doubling of the batch)
 * @param slopeB B's slope, b
 * @param difference e = slopeA − slopeB
 * @param se OLS standard error of e
 * @param df residual degrees of freedom, n − 4 (n = nA + nB)
 * @param ci95Low lower end of the 95% CI of e (t<sub>0.975, df</sub>)
 * @param ci95High upper end of the 95% CI of e
 * @param t e/se
 * @param p two-sided p-value of t with df degrees of freedom
 * @param nA finite points (runs) of method A used
 * @param nB finite points (runs) of method B used
 */
public record SlopeDifference(
        double slopeA,
        double slopeB,
        double difference,
        double se,
        int df,
        double ci95Low,
        double ci95High,
        double t,
        double p,
        int nA,
        int nB) {

    /**
     * Fits the interaction regression to both methods' runs.
     *
     * @param a method A's runs, each {x, accuracy} with x = log₂ batch; non-finite points are skipped
     * @param b method B's runs, the same way
     * @return the slope difference A − B, NaN where the input is degenerate (see the class comment)
     */
    public static SlopeDifference fit(List<double[]> a, List<double[]> b) {
        List<double[]> pa = finite(Objects.requireNonNull(a, "a"));
        List<double[]> pb = finite(Objects.requireNonNull(b, "b"));
        int n = pa.size() + pb.size();
        int df = n - 4;
        if (n <= 4 || distinctX(pa) < 2 || distinctX(pb) < 2) {
            double nan = Double.NaN;
            return new SlopeDifference(nan, nan, nan, nan, df, nan, nan, nan, nan, pa.size(), pb.size());
        }
        double[] y = new double[n];
        double[][] x = new double[n][];
        int i = 0;
        for (double[] pt : pa) {
            y[i] = pt[1];
            x[i++] = new double[] {pt[0], 1.0, pt[0]};
        }
        for (double[] pt : pb) {
            y[i] = pt[1];
            x[i++] = new double[] {pt[0], 0.0, 0.0};
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x); // intercept added: parameters are (a, b, c, e)
        double[] beta = ols.estimateRegressionParameters();
        double[] ses = ols.estimateRegressionParametersStandardErrors();
        double slopeB = beta[1];
        double e = beta[3];
        double se = ses[3];
        TDistribution dist = PairedComparison.student(df);
        double h = dist.inverseCumulativeProbability(0.975) * se;
        double[] tp = PairedComparison.tAndP(e, se, dist);
        return new SlopeDifference(slopeB + e, slopeB, e, se, df, e - h, e + h, tp[0], tp[1], pa.size(), pb.size());
    }

    /** {@link Verdict#directional} on the 95% CI of e; +1 claims A's slope exceeds B's. */
    public Verdict directional(int claimedSign) {
        return Verdict.directional(ci95Low, ci95High, claimedSign);
    }

    private static List<double[]> finite(List<double[]> points) {
        List<double[]> out = new ArrayList<>();
        for (double[] pt : points) {
            if (pt != null && pt.length >= 2 && Double.isFinite(pt[0]) && Double.isFinite(pt[1])) {
                out.add(pt);
            }
        }
        return out;
    }

    private static int distinctX(List<double[]> points) {
        Set<Double> xs = new HashSet<>();
        for (double[] pt : points) {
            xs.add(pt[0] == 0.0 ? 0.0 : pt[0]); // −0.0 and 0.0 are the same x
        }
        return xs.size();
    }
}
