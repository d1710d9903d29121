package adiv.maps;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The gradient-only corrections of MATH.md §3 (the paper's App. D): the map stays z = W x + b, and
 * only the step it takes changes.
 *
 * <ul>
 *   <li>{@link Mode#PROPORTIONAL} (the paper's Eqn 64): sample s's contribution to both ∂L/∂W and
 *       ∂L/∂b is scaled by c_s = 1/(‖x_s‖² + 1). Kernel K_st = (x_s·x_t + 1) c_t, K_ss = 1.
 *   <li>{@link Mode#DISPROPORTIONAL} (Eqn 65): the weight contribution is scaled by 1/(2‖x_s‖²) and
 *       the bias contribution by ½. Kernel K_st = x_s·x_t/(2‖x_t‖²) + ½, K_ss = 1.
 * </ul>
 *
 * <p>The input gradient ∂L/∂x = Wᵀ g is untouched. This is exact and per sample with ordinary
 * autodiff, using stop-gradients (sg):
 *
 * <pre>
 *     out = sg(W) x + sg(b)  +  c_W ⊙ (W sg(x) − sg(W sg(x)))  +  c_b ⊙ (b − sg(b))
 * </pre>
 *
 * <p>The first term has the value z and carries only the input gradient; the bracketed terms are
 * zero in value and carry the scaled parameter gradients. This is MATH.md §3's z + (c−1)(z_p −
 * sg(z_p)) rearranged so that the backward pass needs one weight-gradient product rather than two.
 * In the disproportional form ‖x‖² is smoothed to ‖x‖² + ε², as in {@link NormLike}.
 */
public class GradientOnlyAffine extends SmoothedNormMap {

    /** Which gradient-only correction. */
    public enum Mode {
        /** Both parameter gradients scaled by 1/(‖x‖²+1) (Eqn 64). */
        PROPORTIONAL,
        /** Weight gradient scaled by 1/(2‖x‖²), bias gradient by ½ (Eqn 65). */
        DISPROPORTIONAL
    }

    private final Mode mode;

    protected GradientOnlyAffine(Builder builder) {
        super(builder);
        mode = builder.mode;
    }

    /** Creates a builder to build a {@code GradientOnlyAffine} map. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} Then the correction (ε, shown before it, enters the disproportional one only). */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("mode", mode);
    }

    /** The correction applied to the step. */
    public Mode getMode() {
        return mode;
    }

    /** The per-sample factor on the weight gradient, (…, 1): c of Eqn 64 or 1/(2‖x‖²) of Eqn 65. */
    private NDArray weightFactor(NDArray x) {
        NDArray q = Axes.squaredNorm(x, Axes.last(x));
        return mode == Mode.PROPORTIONAL
                ? Scalars.power(q.add(1), -1)
                : Scalars.power(Scalars.times(q.add(epsilon * epsilon), 2), -1);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray apply(NDArray x, NDArray w, NDArray b) {
        NDArray xs = x.stopGradient();
        NDArray ws = Axes.ownedBy(x, w.stopGradient());
        NDArray bs = Axes.ownedBy(x, b.stopGradient());
        NDArray biasDelta = Axes.ownedBy(x, b.sub(bs)); // zero in value, gradient 1 into b
        NDArray weightPath = Products.linear(xs, w, null);
        NDArray weightFactor = weightFactor(xs);
        // The value path carries the input gradient. It is computed even when x needs none (a
        // first layer): DJL cannot tell whether a non-leaf array requires a gradient (hasGradient
        // is false for every intermediate result), and skipping it there cut the gradient off.
        NDArray value = Products.linear(x, ws, bs);
        NDArray out = value.add(weightFactor.mul(weightPath.sub(weightPath.stopGradient())));
        return mode == Mode.PROPORTIONAL
                ? out.add(weightFactor.mul(biasDelta))
                : out.add(Scalars.times(biasDelta, 0.5));
    }

    /** {@inheritDoc} Proportional: (x_s·x_t + 1) c_t; disproportional: x_s·x_t/(2‖x_t‖²) + ½. */
    @Override
    public NDArray kernel(NDArray x) {
        requireBatch(x);
        NDArray columnFactor = weightFactor(x).transpose();
        if (mode == Mode.PROPORTIONAL) {
            return plainKernel(x).mul(columnFactor);
        }
        return x.matMul(x.transpose()).mul(columnFactor).add(0.5);
    }

    /** The Builder to construct a {@link GradientOnlyAffine} map. */
    public static final class Builder extends SmoothedNormBuilder<Builder> {

        Mode mode = Mode.PROPORTIONAL;

        Builder() {}

        /**
         * Sets the correction (default {@link Mode#PROPORTIONAL}).
         *
         * @param mode proportional or disproportional
         * @return this Builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Builds the {@link GradientOnlyAffine} block. */
        public GradientOnlyAffine build() {
            return new GradientOnlyAffine(this);
        }
    }
}
