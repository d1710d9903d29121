package adiv.maps;

/** The normalisers by name, parameterless as in the paper (MATH.md §8). */
public final class Normalisers {

    /** The names {@link #byName} accepts. */
    public static final String NAMES = "none, batchnorm, layernorm, rmsnorm, l2, dyt, dyisru";

    private Normalisers() {}

    /**
     * A new normaliser with this name, or null for "none".
     *
     * @param name one of {@value #NAMES}
     * @return the block, or null
     */
    public static AbstractNormaliser byName(String name) {
        switch (name.trim().toLowerCase()) {
            case "none":
                return null;
            case "batchnorm":
                return BatchNorm.builder().build();
            case "layernorm":
                return LayerNorm.builder().build();
            case "rmsnorm":
                return RmsNorm.builder().build();
            case "l2":
                return L2Norm.builder().build();
            case "dyt":
                return DyT.builder().build();
            case "dyisru":
                return DyIsru.builder().build();
            default:
                throw new IllegalArgumentException(
                        "unknown normaliser '" + name + "': expected one of " + NAMES);
        }
    }
}
