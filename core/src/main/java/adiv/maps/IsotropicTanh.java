package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Isotropic tanh (Bird 2025; MATH.md §8): y = tanh(‖x‖) · x/‖x‖, the norm over a sample's features.
 *
 * <p>It squashes a sample's length and keeps its direction; near 0 it equals x. Written as y = x ·
 * f(‖x‖) with f(r) = tanh(r)/r, which is smooth and even: below r = {@value #SERIES_BELOW} f is
 * evaluated by its Taylor series 1 − r²/3 + 2r⁴/15 − 17r⁶/315 (error below 1e-12 there), so values
 * and gradients are exact and finite at x = 0 without any ε. The two branches are selected with a
 * guarded argument, so the unused branch never produces a NaN that could leak into a gradient.
 */
public class IsotropicTanh extends MapBlock {

    /** Radius below which tanh(r)/r is evaluated by its series. */
    public static final double SERIES_BELOW = 0.05;

    /** Creates an isotropic tanh block (it has no parameters). */
    public IsotropicTanh() {}

    /** y = tanh(‖x‖) x/‖x‖ over all axes but the batch. */
    public static NDArray apply(NDArray x) {
        NDArray r2 = Axes.squaredNorm(x, Axes.sample(x));
        NDArray small = r2.lt(SERIES_BELOW * SERIES_BELOW);
        NDArray safeR = NDArrays.where(small, r2.onesLike(), r2).sqrt();
        NDArray direct = safeR.tanh().div(safeR);
        NDArray r4 = r2.square();
        NDArray series =
                Scalars.times(r2, -1.0 / 3)
                        .add(1)
                        .add(Scalars.times(r4, 2.0 / 15))
                        .sub(Scalars.times(r4.mul(r2), 17.0 / 315));
        return x.mul(NDArrays.where(small, series, direct));
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        return apply(x);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
