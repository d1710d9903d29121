package adiv.maps;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * PatchNorm (MATH.md §5): a 2-D convolution whose every output position is normalised by the norm
 * of its own input patch P_p — a normaliser that cannot be separated from the convolution.
 *
 * <pre>
 *     affine-like:  z_p = (W P_p + b) / √(‖P_p‖² + 1)
 *     norm-like:    z_p = W P_p / √(‖P_p‖² + ε²) + b
 * </pre>
 *
 * <p>‖P_p‖² never needs the unfolded patches: the squares of x are summed over channels and then
 * summed over each k×k window ({@link Pooling#boxSum}), with the convolution's own stride, padding
 * (zeros contribute 0) and dilation. With patches in place of samples every identity of
 * MATH.md §1–4 holds: one plain step moves each position's output by −η g (affine-like) or −2η g
 * (norm-like) times its own steepest descent, plus the cross-patch terms of the patch kernel.
 * W is (filters, C, k, k), b is (filters); inputs are (B, C, H, W).
 */
public class PatchNorm extends AbstractConv {

    /** The two forms. */
    public enum Mode {
        /** (W P + b)/√(‖P‖²+1). */
        AFFINE_LIKE,
        /** W P/√(‖P‖²+ε²) + b. */
        NORM_LIKE
    }

    private final Mode mode;
    private final float epsilon;

    protected PatchNorm(Builder builder) {
        super(builder);
        mode = builder.mode;
        epsilon = builder.epsilon().get();
    }

    /** Creates a builder to build a {@code PatchNorm} convolution. */
    public static Builder builder() {
        return new Builder();
    }

    /** a_p: 1/√(‖P_p‖²+1) (affine-like) or 1/√(‖P_p‖²+ε²) (norm-like). */
    @Override
    public NDArray weightScale(NDArray x) {
        NDArray q = patchSquaredNorms(x);
        return Scalars.power(q.add(mode == Mode.AFFINE_LIKE ? 1.0 : (double) epsilon * epsilon), -0.5);
    }

    /** c_p: 1/√(‖P_p‖²+1) (affine-like) or 1 (norm-like). */
    @Override
    public NDArray biasScale(NDArray x) {
        return mode == Mode.AFFINE_LIKE ? weightScale(x) : super.biasScale(x);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        NDArray a = weightScale(x);
        if (mode == Mode.AFFINE_LIKE) {
            NDArray z = Products.conv2d(x, w, b, stride, padding, dilation);
            return z.mul(a);
        }
        NDArray wp = Products.conv2d(x, w, null, stride, padding, dilation);
        NDArray shift = Axes.ownedBy(x, b.reshape(1, filters, 1, 1));
        return wp.mul(a).add(shift);
    }

    /** {@inheritDoc} Then the form and ε (which enters the norm-like form only). */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("mode", mode);
        fields.put("eps", epsilon);
    }

    /** The Builder to construct a {@link PatchNorm} convolution. */
    public static final class Builder extends ConvBuilder<Builder> implements EpsilonOption<Builder> {
        Mode mode = Mode.AFFINE_LIKE;
        private final Epsilon epsilon = new Epsilon(L2Norm.DEFAULT_EPSILON);

        Builder() {}

        /** Sets the form (default affine-like). */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** {@inheritDoc} ε enters the norm-like form's √(‖P‖² + ε²) only. */
        @Override
        public Epsilon epsilon() {
            return epsilon;
        }

        /** Builds the block. */
        public PatchNorm build() {
            return new PatchNorm(this);
        }
    }
}
