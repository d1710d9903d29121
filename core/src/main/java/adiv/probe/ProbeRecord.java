package adiv.probe;

/**
 * What the probe measured on one affine-type or convolutional layer at one training step (MATH.md
 * §1–5). For a convolution every per-sample quantity is taken over the sample's whole output (all
 * positions and channels): its "own steepest-descent term" is Σ_p K_{sp,sp} g_sp, the diagonal of
 * the patch kernel, and the rest of the update splits into the other positions of the same sample
 * (cross-patch) and the other samples (cross-sample).
 *
 * @param step the training step (1-based, across epochs)
 * @param layer the affine layer's index (1 = first)
 * @param map the layer's map
 * @param batch the batch size B
 * @param ratioMean mean over samples of r_s = ⟨Δz_s, −g_s⟩ / (η‖g_s‖²), Δz the actual update
 * @param predictedRatioMean mean of K_ss, the SGD theory's r_s (null when the layer has no kernel)
 * @param ratioCv coefficient of variation of r_s across the batch (0 at B = 1); ill-conditioned where
 *     a sample's gradient nearly vanishes (MATH.md §4)
 * @param ratioSpread the spread of r_s weighted by each sample's share of Σ‖g_t‖² (MATH.md §4): what a
 *     {@code ratio-spread} claim compares (0 at B = 1)
 * @param corrRatioNorm Pearson correlation of r_s with ‖x_s‖² + 1 (null at B = 1 or no spread)
 * @param cosineMean mean over samples of cos(Δz_s, −g_s)
 * @param interferenceActual mean over samples of ‖Δz_s − (−η K_ss g_s)‖ / ‖η K_ss g_s‖: how far
 *     the real update is from the sample's own steepest-descent term
 * @param interferenceKernel mean of ‖η Σ_{t≠s} K_st g_t‖ / ‖η K_ss g_s‖: the cross-sample share
 *     the SGD kernel predicts (MATH.md §4); for a convolution everything beyond the diagonal, both
 *     kinds below together
 * @param interferencePatch mean over samples of the within-sample cross-patch share ‖η Σ_{q≠p} K_{sp,sq}
 *     g_sq‖ / ‖η K_{sp,sp} g_sp‖ (norms over the sample's positions), null for an affine layer (one
 *     position per sample) or a layer without a kernel
 * @param interferenceSample mean over samples of the cross-sample share ‖η Σ_{t≠s} K_st g_t‖ / ‖η
 *     K_ss g_s‖ (for an affine layer equal to interferenceKernel), null without a kernel
 * @param predictedRatioCv coefficient of variation of K_ss across the batch: the divergence itself
 *     (‖x_s‖² + 1 differs between samples for a plain map; 0 for the aligned corrections); null at
 *     B = 1 or without a kernel
 */
public record ProbeRecord(
        long step,
        int layer,
        String map,
        int batch,
        double ratioMean,
        Double predictedRatioMean,
        double ratioCv,
        double ratioSpread,
        Double corrRatioNorm,
        double cosineMean,
        Double interferenceActual,
        Double interferenceKernel,
        Double interferencePatch,
        Double interferenceSample,
        Double predictedRatioCv) {

    /** Where and when the probe measured: the step, the layer (1 = first), its map, the batch size. */
    public record Site(long step, int layer, String map, int batch) {}

    /**
     * The actual ratio r_s over the batch: its mean, its coefficient of variation, its gradient-weighted
     * spread (MATH.md §4), and its Pearson correlation with ‖x_s‖² + 1 (null at B = 1 or without spread).
     */
    public record Ratio(double mean, double cv, double spread, Double correlationWithNorm) {}

    /** K_ss, the SGD theory's r_s: its mean and coefficient of variation (nulls without a kernel). */
    public record Predicted(Double mean, Double cv) {}

    /**
     * How far each sample's update is from its own steepest-descent term: measured, as the kernel
     * predicts it, and that prediction's cross-patch and cross-sample shares (nulls where they do not
     * apply; see the record's parameters).
     */
    public record Interference(Double actual, Double kernel, Double patch, Double sample) {}

    /** A record from its named parts (the record's fields, flat as stored and as JSON). */
    public static ProbeRecord of(Site site, Ratio ratio, Predicted predicted, double cosineMean, Interference interference) {
        return new ProbeRecord(site.step(), site.layer(), site.map(), site.batch(), ratio.mean(), predicted.mean(),
                ratio.cv(), ratio.spread(), ratio.correlationWithNorm(), cosineMean, interference.actual(), interference.kernel(),
                interference.patch(), interference.sample(), predicted.cv());
    }
}
