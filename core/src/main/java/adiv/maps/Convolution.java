package adiv.maps;

import ai.djl.ndarray.NDArray;

/**
 * The plain 2-D convolution z_p = W P_p + b: the reference {@link PatchNorm} is compared with. Each
 * output position is an affine map of its patch, so it has the affine divergence of MATH.md §1
 * with ‖P_p‖² + 1 in place of ‖x‖² + 1 (§5).
 */
public class Convolution extends AbstractConv {

    protected Convolution(Builder builder) {
        super(builder);
    }

    /** Creates a builder to build a {@code Convolution}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        return Products.conv2d(x, w, b, stride, padding, dilation);
    }

    /** The Builder to construct a {@link Convolution}. */
    public static final class Builder extends ConvBuilder<Builder> {

        Builder() {}

        /** Builds the block. */
        public Convolution build() {
            return new Convolution(this);
        }
    }
}
