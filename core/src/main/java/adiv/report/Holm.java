package adiv.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Holm's step-down adjustment of several p-values that together make one claim (MATH.md §10), for
 * example "affine-like beats BatchNorm, LayerNorm and RMSNorm": each comparison alone at 5% would
 * let the claim pass by chance far more often than 5%; Holm's adjustment controls the chance of any
 * false rejection (family-wise error) at the level the adjusted p-values are read at, without
 * assuming the comparisons are independent, and is never less powerful than Bonferroni.
 *
 * <p>With p<sub>(1)</sub> ≤ … ≤ p<sub>(m)</sub> the p-values sorted ascending, the adjusted value
 * of p<sub>(i)</sub> is max<sub>j≤i</sub> min(1, (m − j + 1)·p<sub>(j)</sub>); the running maximum
 * keeps the adjusted values in the same order as the raw ones.
 */
public final class Holm {

    private Holm() {}

    /**
     * Holm-adjusted p-values, in the order given.
     *
     * <p>NaN entries (a comparison that could not be made, e.g. fewer than two seeds) stay NaN in
     * the result and do not count in m: a comparison without a p-value cannot be rejected, so it
     * costs the others nothing. Tied p-values get the same adjusted value.
     *
     * @param p raw p-values, each in [0, 1] or NaN (not modified)
     * @return a new array, same length and order, of adjusted p-values
     * @throws IllegalArgumentException if a non-NaN entry lies outside [0, 1]
     */
    public static double[] adjust(double[] p) {
        Objects.requireNonNull(p, "p");
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int m = 0;
        for (double v : p) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new IllegalArgumentException("a p-value must lie in [0, 1], got " + v);
            }
            m++;
        }
        Integer[] order = new Integer[m];
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Double.isNaN(p[i])) {
                order[k++] = i;
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i])); // stable: ties keep input order
        double running = 0.0;
        for (int j = 0; j < m; j++) { // j is 0-based: the multiplier m − (j+1) + 1 = m − j
            running = Math.max(running, Math.min(1.0, (m - j) * p[order[j]]));
            out[order[j]] = running;
        }
        return out;
    }
}
