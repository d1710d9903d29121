package adiv.maps;

/**
 * The ε option, for the builders of every block that keeps a quantity away from zero with a small
 * ε: the smoothed norm √(‖x‖² + ε²) of {@link NormLike}, {@link Structural}, {@link
 * GradientOnlyAffine}, {@link PatchNorm} and {@link L2Norm}, or the ε added to the variance or mean
 * square of {@link LayerNorm}, {@link RmsNorm} and {@link BatchNorm}. These builders belong to three
 * families (affine maps, normalisers, convolutions) with no common base to put it in, so the option
 * is this interface: its check and its setter are written once, and a builder only says where it
 * keeps the value. Each block documents where its ε enters and its default.
 *
 * @param <T> the concrete builder
 */
public interface EpsilonOption<T extends EpsilonOption<T>> {

    /**
     * Where this builder keeps ε; the block it builds reads it from here.
     *
     * @return the builder's ε
     */
    Epsilon epsilon();

    /**
     * Sets ε, the small positive number that keeps the block finite (see the block's equation for
     * where it enters).
     *
     * @param epsilon ε &gt; 0, finite
     * @return this Builder
     */
    @SuppressWarnings("unchecked") // T is the implementing builder, as in BlockBuilder.self()
    default T optEpsilon(float epsilon) {
        epsilon().set(epsilon);
        return (T) this;
    }

    /** ε as a builder holds it: the block's default, until a valid value replaces it. */
    final class Epsilon {

        private float value;

        Epsilon(float defaultValue) {
            set(defaultValue);
        }

        void set(float value) {
            if (!(value > 0) || Float.isInfinite(value)) {
                throw new IllegalArgumentException("epsilon must be a positive number, got " + value);
            }
            this.value = value;
        }

        /**
         * The current ε.
         *
         * @return ε &gt; 0
         */
        public float get() {
            return value;
        }
    }
}
