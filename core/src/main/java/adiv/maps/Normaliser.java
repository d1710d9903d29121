package adiv.maps;

import java.util.Objects;

/**
 * A named normaliser a method can place before its map (MATH.md §8): adiv's own ({@code batchnorm},
 * {@code layernorm}, {@code rmsnorm}, {@code l2}, {@code dyt}, {@code dyisru}) and a plug-in's, all
 * registered through {@link MethodProvider#normalisers()} and named by a method's {@link
 * Method#norm()}, a spec's {@code methods: {norm: ...}} and {@code adiv train --norm}.
 *
 * <p>A normaliser is built for each layer with the width of what it normalises, so that a
 * parameter can start from it (ScaleNorm's g = √d) without overriding {@code prepare}:
 *
 * <pre>{@code
 * Normaliser.builder("scalenorm")
 *         .describe("ScaleNorm: y = g x/|x|, one learnable g starting at sqrt(d)")
 *         .dense(features -> new ScaleNorm(features))
 *         .build();
 * }</pre>
 *
 * <p>The block extends {@link AbstractNormaliser}: its {@code normalise} is the formula, and its
 * side-effect-free {@link AbstractNormaliser#trainingValue} is what the theory check and the probe
 * put into the map's kernel. A normaliser without trainable parameters leaves the layer linear in
 * (W, b), so the layer's one-step kernel is the map's kernel of N(x); one with trainable parameters
 * (DyT's a, ScaleNorm's g) has none, and {@code adiv theory} says "none stated" and measures the
 * step instead.
 */
public final class Normaliser {

    /** Builds a normaliser for one layer. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param features the width it normalises: an MLP layer's inputs n (the features of a sample),
         *     or a convolution's output channels for the convolutional form
         * @return a new, uninitialised block
         */
        AbstractNormaliser create(int features);
    }

    private final String name;
    private final String description;
    private final Factory dense;
    private final Factory conv;
    private final String origin;

    private Normaliser(String name, String description, Factory dense, Factory conv, String origin) {
        this.name = name;
        this.description = description;
        this.dense = dense;
        this.conv = conv;
        this.origin = origin;
    }

    /**
     * Starts a normaliser.
     *
     * @param name its name: lower case letters, digits and {@code . _ + : ( ) = -}; not {@code none}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Its name, as a method's {@code norm} names it. */
    public String name() {
        return name;
    }

    /** One line saying what it is. */
    public String description() {
        return description;
    }

    /** The form placed before an MLP layer's map, given the layer's input width. */
    public Factory dense() {
        return dense;
    }

    /** The form placed after a CNN's convolution, given its output channels; null where it has none. */
    public Factory conv() {
        return conv;
    }

    /** Where it came from: "built-in" or a jar's file name. */
    public String origin() {
        return origin;
    }

    /** This normaliser as defined by {@code origin}. */
    Normaliser from(String where) {
        return new Normaliser(name, description, dense, conv, where);
    }

    @Override
    public String toString() {
        return name + " (" + origin + ")";
    }

    /** Builds a {@link Normaliser}. */
    public static final class Builder {

        private final String name;
        private String description = "";
        private Factory dense;
        private Factory conv;

        private Builder(String name) {
            if (name == null || !Method.NAME.matcher(name).matches() || name.equals("none")) {
                throw new IllegalArgumentException("a normaliser's name must be lower case letters, digits and . _ + : ( ) = -,"
                        + " starting with a letter or digit, and not 'none'; got '" + name + "'");
            }
            this.name = name;
        }

        /** One line saying what it is (shown by {@code adiv methods}). */
        public Builder describe(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The form before an MLP layer's map: given the layer's input width n. */
        public Builder dense(Factory dense) {
            this.dense = Objects.requireNonNull(dense, "dense");
            return this;
        }

        /** The form after a CNN's convolution (optional): given its output channels. */
        public Builder conv(Factory conv) {
            this.conv = Objects.requireNonNull(conv, "conv");
            return this;
        }

        /** The normaliser. */
        public Normaliser build() {
            if (dense == null) {
                throw new IllegalArgumentException("normaliser '" + name + "' needs a dense form (.dense(features -> ...))");
            }
            return new Normaliser(name, description, dense, conv, "");
        }
    }
}
