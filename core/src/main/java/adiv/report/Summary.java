package adiv.report;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * A mean with its standard error over repeats.
 *
 * @param n how many values
 * @param mean their mean (NaN when n = 0)
 * @param se the standard error of the mean, s/√n (NaN when n &lt; 2)
 */
public record Summary(long n, double mean, double se) {

    /** Summarises the finite values. */
    public static Summary of(double... values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            if (Double.isFinite(v)) {
                s.addValue(v);
            }
        }
        long n = s.getN();
        return new Summary(n, n == 0 ? Double.NaN : s.getMean(),
                n < 2 ? Double.NaN : s.getStandardDeviation() / Math.sqrt(n));
    }

    /** Whether two means differ by less than their combined standard error (√(se₁² + se₂²)). */
    public boolean withinErrorOf(Summary other) {
        if (Double.isNaN(se) || Double.isNaN(other.se)) {
            return false;
        }
        return Math.abs(mean - other.mean) <= Math.sqrt(se * se + other.se * other.se);
    }

    /** "0.8123 ± 0.0041" (or "0.8123" without an error). */
    public String format() {
        if (Double.isNaN(mean)) {
            return "-";
        }
        return Double.isNaN(se) ? String.format("%.4f", mean) : String.format("%.4f ± %.4f", mean, se);
    }
}
