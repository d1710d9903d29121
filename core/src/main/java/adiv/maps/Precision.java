package adiv.maps;

/**
 * The precision of the maps' products: the affine product W x (+ b) and the convolution. With
 * {@link #BF16} they run in bfloat16 inside libtorch (inputs and weights rounded to bfloat16, the
 * result returned as float32); parameters, gradients, optimizer state and every other operation stay
 * float32. Set for the current thread with {@link #use}: the training loop sets its run's precision
 * for the whole run, so training, evaluation and the probe compute alike.
 */
public enum Precision {
    /** Everything in float32 (the default). */
    FLOAT32("float32"),
    /** Products in bfloat16, everything else in float32. */
    BF16("bf16");

    /** The names {@link #parse} accepts. */
    public static final String NAMES = "float32, bf16";

    private static final ThreadLocal<Precision> CURRENT = ThreadLocal.withInitial(() -> FLOAT32);

    private final String label;

    Precision(String label) {
        this.label = label;
    }

    /** The name used in specs, flags and the store. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * The precision with this name.
     *
     * @param name float32 (or fp32) or bf16 (or bfloat16)
     * @throws IllegalArgumentException naming what was expected
     */
    public static Precision parse(String name) {
        switch (String.valueOf(name).trim().toLowerCase()) {
            case "float32":
            case "fp32":
                return FLOAT32;
            case "bf16":
            case "bfloat16":
                return BF16;
            default:
                throw new IllegalArgumentException("precision: expected one of " + NAMES + ", found '" + name + "'");
        }
    }

    /** The current thread's precision. */
    public static Precision current() {
        return CURRENT.get();
    }

    /** A precision in force on this thread until {@link Scope#close}. */
    public static final class Scope implements AutoCloseable {
        private final Precision previous;

        private Scope(Precision previous) {
            this.previous = previous;
        }

        /** Puts the previous precision back. */
        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }

    /** Makes this thread compute its products in {@code precision} until the scope closes. */
    public static Scope use(Precision precision) {
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(precision);
        return scope;
    }
}
