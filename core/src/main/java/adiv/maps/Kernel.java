package adiv.maps;

/**
 * The libtorch kernels adiv's networks rely on for their heavy lifting, each reached through one
 * method of this package ({@link Products}, {@link Pooling}), which {@link Kernels} can watch,
 * route and, for tests, break. Everything else the maps compute is element-wise arithmetic and
 * reductions.
 */
public enum Kernel {
    /** x Wᵀ + b ({@link Products#linear}). */
    LINEAR("linear", true),
    /** The 2-D convolution ({@link Products#conv2d}). */
    CONV2D("conv2d", true),
    /** Max pooling ({@link Pooling#maxPool2d}). */
    MAX_POOL2D("max_pool2d", false),
    /** Average pooling, behind the box sum of PatchNorm's patch norms ({@link Pooling#boxSum}). */
    AVG_POOL2D("avg_pool2d", false);

    private final String label;
    private final boolean weighted;

    Kernel(String label, boolean weighted) {
        this.label = label;
        this.weighted = weighted;
    }

    /** libtorch's name for it. */
    public String label() {
        return label;
    }

    /** Whether it has a weight (and so a weight gradient). */
    public boolean weighted() {
        return weighted;
    }

    /** The kernel with this label. */
    public static Kernel byLabel(String label) {
        for (Kernel k : values()) {
            if (k.label.equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + label + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
