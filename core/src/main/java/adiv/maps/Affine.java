package adiv.maps;

import ai.djl.ndarray.NDArray;

/**
 * The plain affine map z = W x + b: the reference the corrections are measured against.
 *
 * <p>MATH.md §1: after one plain step, Δz = −η g (‖x‖² + 1), so the representation moves by a
 * sample-dependent multiple of its own steepest descent (the affine divergence). Batch kernel
 * (§4): K_st = x_s·x_t + 1.
 */
public class Affine extends AbstractAffineMap {

    protected Affine(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build an {@code Affine} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        return Products.linear(x, w, b);
    }

    /** {@inheritDoc} K_st = x_s·x_t + 1. */
    @Override
    public NDArray kernel(NDArray x) {
        return plainKernel(x);
    }

    /** The Builder to construct an {@link Affine} map. */
    public static final class Builder extends AffineMapBuilder<Builder> {

        Builder() {}

        /** Builds the {@link Affine} block. */
        public Affine build() {
            return new Affine(this);
        }
    }
}
