package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * Dynamic tanh (Zhu et al. 2025; MATH.md §8): y = tanh(a·x) with one learnable scalar a, optionally
 * followed by γ and β. a starts at 0.5 by default.
 */
public class DyT extends AbstractNormaliser {

    private final float initialAlpha;
    private final Parameter alpha;

    protected DyT(Builder builder) {
        super(builder);
        initialAlpha = builder.initialAlpha;
        float initial = initialAlpha; // the initializer below captures the value, not this block
        alpha = addScalar("alpha", (manager, shape, dataType) -> manager.full(shape, initial, dataType));
    }

    /** Creates a builder to build a {@code DyT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The learnable scalar a. */
    public Parameter getAlpha() {
        return alpha;
    }

    /** {@inheritDoc} Then the initial a. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("initialAlpha", initialAlpha);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        return x.mul(parameterStore.getValue(alpha, x.getDevice(), training)).tanh();
    }

    /** The Builder to construct a {@link DyT}. */
    public static final class Builder extends NormaliserBuilder<Builder> {

        float initialAlpha = 0.5f;

        Builder() {}

        /**
         * Sets the initial value of a (default 0.5).
         *
         * @param alpha a finite number
         * @return this Builder
         */
        public Builder optInitialAlpha(float alpha) {
            if (!Float.isFinite(alpha)) {
                throw new IllegalArgumentException("initial alpha must be finite, got " + alpha);
            }
            initialAlpha = alpha;
            return this;
        }

        /** Builds the {@link DyT} block. */
        public DyT build() {
            return new DyT(this);
        }
    }
}
