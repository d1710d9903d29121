package adiv.probe;

/**
 * One line of the theory check: a map, a case ("single" or "batch"), the predicted and measured
 * one-step ratio, and the relative error of the whole measured update against the prediction.
 *
 * @param map the map's name
 * @param testCase "single" (MATH.md §1–3) or "batch" (§4)
 * @param predicted single: K_ss; batch: the mean of the predicted K_ss over the batch; NaN for a map
 *     that states no kernel (only measured)
 * @param measured single: ⟨Δz, −ηg⟩/‖ηg‖²; batch: the mean of the measured K_ss
 * @param relError the largest ‖Δz − (−η K g)‖ / (η |K| ‖g‖) over the entries checked
 * @param measuredMin the smallest measured K_ss over the samples (single: the measured ratio)
 * @param measuredMax the largest measured K_ss over the samples: the spread between the two is the
 *     divergence's sample dependence
 */
public record IdentityRow(
        String map,
        String testCase,
        double predicted,
        double measured,
        double relError,
        double measuredMin,
        double measuredMax) {

    /** The tolerance of the check: rel_error must not exceed it. */
    public static final double TOLERANCE = 1e-3;

    /** Whether the identity holds within {@link #TOLERANCE} (a map that states no kernel predicts nothing to fail). */
    public boolean passed() {
        return !predicts() || relError <= TOLERANCE;
    }

    /** Whether the map stated a kernel to compare with. */
    public boolean predicts() {
        return !Double.isNaN(predicted);
    }
}
