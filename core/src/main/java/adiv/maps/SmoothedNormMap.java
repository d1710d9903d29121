package adiv.maps;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * An affine-type map that divides by the norm of its input, smoothed as MATH.md §2 asks: ‖x‖ →
 * √(‖x‖² + ε²), so that x = 0 gives finite values and gradients ({@link NormLike}, {@link
 * Structural}, and {@link GradientOnlyAffine}'s disproportional step). It holds ε (default {@link
 * L2Norm#DEFAULT_EPSILON}) and the smoothed norm over the last axis that uses it.
 */
public abstract class SmoothedNormMap extends AbstractAffineMap {

    protected final float epsilon;

    protected SmoothedNormMap(SmoothedNormBuilder<?> builder) {
        super(builder);
        epsilon = builder.epsilon().get();
    }

    /** The ε of the smoothed norm √(‖x‖² + ε²). */
    public float getEpsilon() {
        return epsilon;
    }

    /** {@inheritDoc} Then ε. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("eps", epsilon);
    }

    /** 1/√(‖x‖² + ε²) over the last axis, kept for broadcasting. */
    protected NDArray inverseNorm(NDArray x) {
        return L2Norm.inverseNorm(x, epsilon, Axes.last(x));
    }

    /** x̂ = x/√(‖x‖² + ε²) over the last axis. */
    protected NDArray normalised(NDArray x) {
        return L2Norm.normalize(x, epsilon, Axes.last(x));
    }

    /** The Builder of a map that divides by a smoothed norm √(‖x‖² + ε²): adds ε. */
    public abstract static class SmoothedNormBuilder<T extends SmoothedNormBuilder<T>>
            extends AffineMapBuilder<T> implements EpsilonOption<T> {

        private final Epsilon epsilon = new Epsilon(L2Norm.DEFAULT_EPSILON);

        /** {@inheritDoc} */
        @Override
        public Epsilon epsilon() {
            return epsilon;
        }
    }
}
