package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * An affine-type map z = f(x; W, b): linear in its parameters (W, b) for a fixed input x.
 *
 * <p>Because z is linear in (W, b), one plain SGD step on a batch moves every output by exactly
 * Δz_s = −η Σ_t K_st g_t (MATH.md §4), with a kernel K that depends on the inputs only. The
 * diagonal K_ss is the single-sample ratio Δz/(−η g) of MATH.md §1–3: ‖x‖²+1 for the plain map, 1
 * for the aligned corrections, 2 for norm-like.
 */
public interface AffineMap extends Block {

    /** The number of outputs m. */
    int getUnits();

    /**
     * z = f(x) with the current parameters, as a training pass computes it, but with no side effect
     * (a BatchNorm inside uses the batch's statistics and leaves its running ones alone) and in x's
     * data type: parameters are widened to it, so float64 inputs give float64 outputs. The probe
     * uses it to measure Δz precisely.
     *
     * @param x inputs (B, n)
     * @return z (B, m)
     */
    NDArray trainingValue(NDArray x);

    /**
     * The one-step kernel of MATH.md §4 for a batch of inputs.
     *
     * @param x inputs of shape (B, n)
     * @return K of shape (B, B), in x's data type and on its device
     */
    NDArray kernel(NDArray x);
}
