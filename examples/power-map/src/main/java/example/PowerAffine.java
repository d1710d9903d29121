package example;

import adiv.maps.AbstractAffineMap;
import adiv.maps.Products;
import adiv.maps.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * The power family z = (W x + b)/(|x|^2+1)^p: p = 0 is plain affine, p = 1/2 affine-like. One SGD
 * step moves sample s by dz_s = -eta sum_t K_st g_t with
 * K_st = (x_s.x_t + 1)/((|x_s|^2+1)^p (|x_t|^2+1)^p), so K_ss = (|x_s|^2+1)^(1-2p): p = 1/4 halves
 * the divergence's exponent.
 */
public final class PowerAffine extends AbstractAffineMap {

    private final double p;

    private PowerAffine(Builder builder) {
        super(builder);
        p = builder.p;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** (|x|^2+1)^(-p) over the last axis, kept for broadcasting. */
    private NDArray scale(NDArray x) {
        return Scalars.power(x.square().sum(new int[] {-1}, true).add(1), -p);
    }

    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        return Products.linear(x, w, b).mul(scale(x)); // Products and Scalars: README, "Using a map"
    }

    @Override
    public NDArray kernel(NDArray x) {
        requireBatch(x);
        NDArray c = scale(x);
        return plainKernel(x).mul(c.matMul(c.transpose()));
    }

    public static final class Builder extends AffineMapBuilder<Builder> {
        private double p = 0.25;

        public Builder optPower(double p) {
            this.p = p;
            return this;
        }

        public PowerAffine build() {
            return new PowerAffine(this);
        }
    }
}
