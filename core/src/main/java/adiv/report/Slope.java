package adiv.report;

import java.util.List;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The least-squares slope of accuracy against batch size (or its log₂) over every run of a group,
 * with the slope's standard error, as in the paper's Table 1.
 *
 * @param slope accuracy per unit of x
 * @param se its standard error (NaN with fewer than three points)
 * @param points how many runs
 */
public record Slope(double slope, double se, int points) {

    /** Fits y against x. */
    public static Slope fit(List<double[]> xy) {
        SimpleRegression r = new SimpleRegression();
        int n = 0;
        for (double[] p : xy) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                r.addData(p[0], p[1]);
                n++;
            }
        }
        if (n < 2) {
            return new Slope(Double.NaN, Double.NaN, n);
        }
        return new Slope(r.getSlope(), n < 3 ? Double.NaN : r.getSlopeStdErr(), n);
    }

    /** Whether zero lies within one standard error of the slope. */
    public boolean zeroWithinError() {
        return Double.isFinite(se) && Math.abs(slope) <= se;
    }
}
