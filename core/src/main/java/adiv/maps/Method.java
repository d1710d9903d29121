package adiv.maps;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named way of building every corrected layer of a network, as the paper's figures list them: the
 * map its layers use, the normaliser placed with it, and a factor on the learning rate (for the
 * forms whose step is doubled, MATH.md §2). A method either defines a map of its own (its forms:
 * the dense {@link AffineMap} of an MLP layer, optionally a convolution for CNNs) or reuses another
 * method's map by name ({@code batchnorm} is the map {@code affine} with the normaliser {@code
 * batchnorm}); either way it may name a {@link Normaliser} to place before the map.
 *
 * <p>Methods come from {@link MethodProvider}s (adiv's own through the same interface as a
 * plug-in's) and from a sweep spec's {@code methods:} (compositions of registered ones); every
 * name is listed by {@code adiv methods}. A run's configuration records a method as its
 * {@link #map()}, {@link #norm()} and the learning rate times {@link #lrScale()}, so that runs are
 * keyed by what they trained.
 *
 * <pre>{@code
 * Method.builder("my-map")
 *         .describe("my correction, z = (W x + b)/(|x|^2+1)^(1/4)")
 *         .dense((inputs, outputs, init) -> MyMap.builder().setUnits(outputs).optInit(init).build())
 *         .build();
 * }</pre>
 */
public final class Method {

    /** What a method's (and a normaliser's) name may be: lower case, starting with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+:()=-]*");

    /** Builds the dense form of a method's map for one layer (an MLP's affine layer). */
    @FunctionalInterface
    public interface DenseFactory {
        /**
         * @param inputs the layer's input features n
         * @param outputs its outputs m
         * @param init how its weights start (adiv applies it again to an {@link AbstractAffineMap})
         * @return a new, uninitialised map
         */
        AffineMap create(int inputs, int outputs, Init init);
    }

    /** Builds the convolutional form of a method's map for one layer of a CNN. */
    @FunctionalInterface
    public interface ConvFactory {
        /**
         * @param filters output channels
         * @param kernel the kernel's shape (3×3 in adiv's CNN)
         * @param padding zero padding on each side (1×1, so the image keeps its size)
         * @param init how its weights start
         * @return a new, uninitialised convolution
         */
        AbstractConv create(int filters, Shape kernel, Shape padding, Init init);
    }

    private final String name;
    private final String description;
    private final String map;
    private final String norm;
    private final double lrScale;
    private final DenseFactory dense;
    private final ConvFactory conv;
    private final boolean kernel;
    private final String origin;

    private Method(Builder b, String origin) {
        this.name = b.name;
        this.description = b.description;
        this.map = b.map != null ? b.map : b.name;
        this.norm = b.norm;
        this.lrScale = b.lrScale;
        this.dense = b.dense;
        this.conv = b.conv;
        this.kernel = b.kernel;
        this.origin = origin;
    }

    /**
     * Starts a method.
     *
     * @param name its name: lower case letters, digits and {@code . _ + : ( ) = -}
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The method's name, as specs, flags and claims name it. */
    public String name() {
        return name;
    }

    /** One line saying what it is. */
    public String description() {
        return description;
    }

    /** The map its corrected layers use, as a run's configuration records it. */
    public String map() {
        return map;
    }

    /** The normaliser placed before the map: "none" or a registered {@link Normaliser}'s name. */
    public String norm() {
        return norm;
    }

    /** The factor on the learning rate. */
    public double lrScale() {
        return lrScale;
    }

    /** Where it came from: "built-in", a jar's file name, or a spec. */
    public String origin() {
        return origin;
    }

    /** Whether this method defines a map of its own (rather than reusing another's). */
    public boolean definesMap() {
        return map.equals(name) && (dense != null || conv != null);
    }

    /** The dense form, or null where the method has none (a convolution only). */
    public DenseFactory dense() {
        return dense;
    }

    /** The convolutional form, or null where the method has none. */
    public ConvFactory conv() {
        return conv;
    }

    /** Whether its dense form states its one-step kernel ({@link AffineMap#kernel}). */
    public boolean statesKernel() {
        return kernel;
    }

    /** This method as defined by {@code origin}. */
    Method from(String origin) {
        return new Method(this, origin);
    }

    private Method(Method m, String origin) {
        this.name = m.name;
        this.description = m.description;
        this.map = m.map;
        this.norm = m.norm;
        this.lrScale = m.lrScale;
        this.dense = m.dense;
        this.conv = m.conv;
        this.kernel = m.kernel;
        this.origin = origin;
    }

    @Override
    public String toString() {
        return name + " (map " + map + ", norm " + norm + (lrScale == 1 ? "" : ", lr × " + lrScale) + ", " + origin + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Method m && m.name.equals(name) && m.map.equals(map) && m.norm.equals(norm)
                && m.lrScale == lrScale && m.origin.equals(origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, map, norm, lrScale, origin);
    }

    /** Builds a {@link Method}. */
    public static final class Builder {

        private final String name;
        private String description = "";
        private String map;
        private String norm = "none";
        private double lrScale = 1;
        private DenseFactory dense;
        private ConvFactory conv;
        private boolean kernel = true;

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a method's name must be lower case letters, digits and . _ + : ( ) = -,"
                        + " starting with a letter or digit; got '" + name + "'");
            }
            this.name = name;
        }

        /** One line saying what the method is (shown by {@code adiv methods}). */
        public Builder describe(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** Uses another method's map (by its name) rather than forms of this method's own. */
        public Builder map(String map) {
            this.map = Objects.requireNonNull(map, "map");
            return this;
        }

        /**
         * The normaliser placed before the map in every corrected layer (after the convolution in a
         * CNN): adiv's ({@code batchnorm}, {@code layernorm}, ...) or one a provider registers with
         * {@link MethodProvider#normalisers()}; "none" by default.
         */
        public Builder norm(String norm) {
            this.norm = Objects.requireNonNull(norm, "norm").trim().toLowerCase();
            return this;
        }

        /** The factor on the learning rate (1 by default; ½ for a form whose step is doubled). */
        public Builder lrScale(double lrScale) {
            if (!(lrScale > 0) || Double.isInfinite(lrScale)) {
                throw new IllegalArgumentException("method '" + name + "': lr_scale must be a positive number, got " + lrScale);
            }
            this.lrScale = lrScale;
            return this;
        }

        /** The dense form: the map of an MLP's corrected layer. */
        public Builder dense(DenseFactory dense) {
            this.dense = Objects.requireNonNull(dense, "dense");
            return this;
        }

        /** The convolutional form, for {@code model: cnn}. */
        public Builder conv(ConvFactory conv) {
            this.conv = Objects.requireNonNull(conv, "conv");
            return this;
        }

        /**
         * Whether the dense form's {@link AffineMap#kernel} states its one-step kernel (true by
         * default); false for a map that is not linear in its parameters, whose kernel throws.
         */
        public Builder statesKernel(boolean kernel) {
            this.kernel = kernel;
            return this;
        }

        /** The method. */
        public Method build() {
            if (map != null && !map.equals(name) && (dense != null || conv != null)) {
                throw new IllegalArgumentException("method '" + name + "' reuses the map '" + map
                        + "' and cannot also define forms of its own");
            }
            if ((map == null || map.equals(name)) && dense == null && conv == null) {
                throw new IllegalArgumentException("method '" + name + "' needs a dense or a convolutional form,"
                        + " or the name of another method's map");
            }
            return new Method(this, "");
        }
    }
}
