package example.scalenorm;

import adiv.maps.AbstractAffineMap;
import adiv.maps.Products;
import ai.djl.ndarray.NDArray;

/**
 * z = (W x + b)/(1 + |x|): affine-like's correction with |x| + 1 in place of sqrt(|x|^2 + 1). One
 * SGD step moves sample s by dz_s = -eta sum_t K_st g_t with
 * K_st = (x_s.x_t + 1)/((1 + |x_s|)(1 + |x_t|)), so K_ss = (|x|^2 + 1)/(1 + |x|)^2 stays within
 * [1/2, 1]: bounded like affine-like's K_ss = 1, though not constant across samples.
 */
public final class OnePlusNorm extends AbstractAffineMap {

    /** |x| smoothed as sqrt(|x|^2 + eps^2), so that a zero input has a finite gradient (the kernel uses the same). */
    private static final double EPSILON = 1e-6;

    private OnePlusNorm(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** 1 + |x| over the last axis, kept for broadcasting. */
    private static NDArray onePlusNorm(NDArray x) {
        return x.square().sum(new int[] {-1}, true).add(EPSILON * EPSILON).sqrt().add(1);
    }

    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        // Products.linear: adiv's product, in the run's precision (README, "Using a map")
        return Products.linear(x, w, b).div(onePlusNorm(x));
    }

    @Override
    public NDArray kernel(NDArray x) {
        requireBatch(x);
        NDArray c = onePlusNorm(x);
        return plainKernel(x).div(c.matMul(c.transpose()));
    }

    public static final class Builder extends AffineMapBuilder<Builder> {
        public OnePlusNorm build() {
            return new OnePlusNorm(this);
        }
    }
}
