package adiv.probe;

/**
 * What the probe measured on one affine-type layer at one training step (MATH.md §1–4).
 *
 * @param step the training step (1-based, across epochs)
 * @param layer the affine layer's index (1 = first)
 * @param map the layer's map
 * @param batch the batch size B
 * @param ratioMean mean over samples of r_s = ⟨Δz_s, −g_s⟩ / (η‖g_s‖²), Δz the actual update
 * @param predictedRatioMean mean of K_ss, the SGD theory's r_s (null when the layer has no kernel)
 * @param ratioCv coefficient of variation of r_s across the batch (0 at B = 1)
 * @param corrRatioNorm Pearson correlation of r_s with ‖x_s‖² + 1 (null at B = 1 or no spread)
 * @param cosineMean mean over samples of cos(Δz_s, −g_s)
 * @param interferenceActual mean over samples of ‖Δz_s − (−η K_ss g_s)‖ / ‖η K_ss g_s‖: how far
 *     the real update is from the sample's own steepest-descent term
 * @param interferenceKernel mean of ‖η Σ_{t≠s} K_st g_t‖ / ‖η K_ss g_s‖: the cross-sample share
 *     the SGD kernel predicts (MATH.md §4)
 */
public record ProbeRecord(
        long step,
        int layer,
        String map,
        int batch,
        double ratioMean,
        Double predictedRatioMean,
        double ratioCv,
        Double corrRatioNorm,
        double cosineMean,
        Double interferenceActual,
        Double interferenceKernel) {}
