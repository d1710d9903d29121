package adiv.maps;

import ai.djl.ndarray.NDArray;
import java.util.stream.IntStream;

/** Axis helpers shared by the blocks: axis 0 is the batch, everything else describes one sample. */
final class Axes {

    private Axes() {}

    /** The axes of one sample: 1 .. ndim-1 (at least one). */
    static int[] sample(NDArray x) {
        int ndim = x.getShape().dimension();
        if (ndim < 2) {
            throw new IllegalArgumentException(
                    "expected a batch of shape (B, features...), got shape " + x.getShape());
        }
        return IntStream.range(1, ndim).toArray();
    }

    /** The last axis only: the feature axis of an affine map. */
    static int[] last(NDArray x) {
        return new int[] {x.getShape().dimension() - 1};
    }

    /**
     * ‖x‖² over the given axes, kept as size-1 axes so that it broadcasts against x. Taken through
     * the engine's fused norm: it reads x once and never materialises x², and its backward pass is
     * a single product with x.
     */
    static NDArray squaredNorm(NDArray x, int[] axes) {
        return x.norm(2, axes, true).square();
    }

    /**
     * The mean over the given axes, kept as size-1 axes. (DJL's PyTorch mean takes one axis only.)
     */
    static NDArray mean(NDArray x, int[] axes) {
        long count = 1;
        for (int a : axes) {
            count *= x.getShape().get(a);
        }
        return Scalars.over(x.sum(axes, true), count);
    }

    /**
     * Hands an array computed from a parameter to the input's manager. DJL puts an operation's
     * result in the manager of its receiver; a result whose receiver is a parameter would otherwise
     * live as long as the model, one more array each step.
     */
    static NDArray ownedBy(NDArray input, NDArray fromParameter) {
        fromParameter.attach(input.getManager());
        return fromParameter;
    }
}
