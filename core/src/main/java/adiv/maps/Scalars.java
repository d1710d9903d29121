package adiv.maps;

import ai.djl.ndarray.NDArray;

/**
 * Products, quotients and powers with a constant that stay correct under autograd.
 *
 * <p>Why not {@code x.mul(2)}: DJL's PyTorch engine turns the number into a 0-d array whose
 * storage is a Java direct buffer ({@code torch::from_blob}), applies the operation, closes the
 * array and drops the buffer. PyTorch's autograd keeps that 0-d tensor for the backward pass of
 * {@code mul}, {@code div} and {@code pow} (the derivative needs the constant). Once the garbage
 * collector has freed the buffer, the backward pass reads freed memory: usually the value is still
 * there, sometimes it is not, and the gradient is wrong by whatever the memory now holds. That is a
 * training run that differs from its own repeat now and then, or ends in NaN (BENCHMARKS.md,
 * Reproducibility). The tests' gradient checks overwrite freed memory between the two passes, so a
 * map that still hands autograd such a constant fails them. {@code add} and {@code sub} save nothing and
 * are safe as they are.
 *
 * <p>These helpers give the constant storage that libtorch owns (a clone of the 0-d array), so the
 * autograd graph keeps it alive for as long as it needs it; closing the Java handle only drops one
 * reference. The arithmetic is DJL's: the same operation with a 0-d float64 operand, which
 * PyTorch casts to x's type.
 */
public final class Scalars {

    private Scalars() {}

    /** x · c. */
    public static NDArray times(NDArray x, double c) {
        try (NDArray constant = constant(x, c)) {
            return x.mul(constant);
        }
    }

    /** x / c. */
    public static NDArray over(NDArray x, double c) {
        try (NDArray constant = constant(x, c)) {
            return x.div(constant);
        }
    }

    /** x^c, elementwise. */
    public static NDArray power(NDArray x, double c) {
        try (NDArray constant = constant(x, c)) {
            return x.pow(constant);
        }
    }

    /**
     * The constant as a 0-d float64 array on x's device and manager, in storage libtorch owns (the
     * caller closes it).
     */
    private static NDArray constant(NDArray x, double c) {
        try (NDArray wrapped = x.getManager().create(c)) {
            return wrapped.duplicate();
        }
    }
}
