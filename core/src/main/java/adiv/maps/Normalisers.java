package adiv.maps;

/** The normalisers by name, parameterless as in the paper (MATH.md §8). */
public final class Normalisers {

    /** The names {@link #byName} accepts. */
    public static final String NAMES = "none, batchnorm, layernorm, rmsnorm, l2, dyt, dyisru";

    /** The normalisers a CNN places after its convolutions (rmsnorm there is over the channels at each position). */
    public static final java.util.List<String> CNN = java.util.List.of("none", "batchnorm", "layernorm", "rmsnorm");

    private Normalisers() {}

    /**
     * Checks a normaliser's name.
     *
     * @param where what names it, for the message
     */
    public static void requireName(String name, String where) {
        try {
            byName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

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
