package adiv.probe;

/**
 * The batch identity Δz_s = −η Σ_t K_st g_t checked entry by entry (MATH.md §4–5): for each pair
 * (s, t), the step caused by g_t alone against −η K_st g_t; on the diagonal also the measured ratio
 * r_s against the predicted K_ss. Shared by the affine maps' check (samples) and PatchNorm's
 * (sample-and-position pairs).
 */
final class KernelAgreement {

    private double worst;
    private double diagonalPredicted;
    private double diagonalMeasured;
    private double diagonalMin = Double.POSITIVE_INFINITY;
    private double diagonalMax = Double.NEGATIVE_INFINITY;
    private int diagonal;

    /**
     * One entry: Δz_s from g_t alone, with the predicted K_st.
     *
     * @param floor the error's scale, |K_st| floored so that near-zero entries are not divided by ~0
     */
    void entry(double[] dzs, double[] gt, double eta, double k, double floor, boolean onDiagonal) {
        worst = Math.max(worst, OneStepIdentities.entryError(dzs, gt, eta, k, floor));
        if (onDiagonal) {
            double r = OneStepIdentities.ratio(dzs, gt, eta);
            diagonalPredicted += k;
            diagonalMeasured += r;
            diagonalMin = Math.min(diagonalMin, r);
            diagonalMax = Math.max(diagonalMax, r);
            diagonal++;
        }
    }

    /** The row: mean predicted and measured diagonal, the worst entry, the measured range. */
    IdentityRow row(String map, String testCase) {
        return new IdentityRow(map, testCase, diagonalPredicted / diagonal, diagonalMeasured / diagonal, worst,
                diagonalMin, diagonalMax);
    }
}
