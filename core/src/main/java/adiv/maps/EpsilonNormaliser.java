package adiv.maps;

import java.util.Map;

/**
 * A normaliser with an ε that keeps it finite (MATH.md §8): under the square root of {@link
 * L2Norm}'s smoothed norm, or added to the variance or mean square of {@link LayerNorm}, {@link
 * RmsNorm} and {@link BatchNorm}. Each states its default; this class holds the value.
 */
public abstract class EpsilonNormaliser extends AbstractNormaliser {

    protected final float epsilon;

    protected EpsilonNormaliser(EpsilonBuilder<?> builder) {
        super(builder);
        epsilon = builder.epsilon().get();
    }

    /** {@inheritDoc} Then ε. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("eps", epsilon);
    }

    /** The Builder options of a normaliser with an ε: γ, β and ε. */
    public abstract static class EpsilonBuilder<T extends EpsilonBuilder<T>>
            extends NormaliserBuilder<T> implements EpsilonOption<T> {

        private final Epsilon epsilon;

        /** @param defaultEpsilon the normaliser's default ε */
        protected EpsilonBuilder(float defaultEpsilon) {
            epsilon = new Epsilon(defaultEpsilon);
        }

        /** {@inheritDoc} */
        @Override
        public Epsilon epsilon() {
            return epsilon;
        }
    }
}
