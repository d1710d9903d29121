package example.scalenorm;

import adiv.maps.AbstractNormaliser;
import adiv.maps.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.stream.IntStream;

/**
 * ScaleNorm (Nguyen and Salazar 2019): y = g x/|x| over each sample's features, one learnable
 * scalar g for the whole layer. adiv builds it for the width d it normalises, so g starts at
 * sqrt(d): y then has the norm of an input whose features are of order one, which is what the
 * affine map after it was initialised for (LayerNorm's output has it too).
 *
 * <p>Because g trains, the layer is not linear in its parameters alone: adiv theory states no
 * kernel for a method using it and measures the step instead.
 */
public final class ScaleNorm extends AbstractNormaliser {

    /** |x| is smoothed as adiv's L2Norm smooths it, sqrt(|x|^2 + eps^2): a zero row gives 0, not 0/0. */
    private static final double EPSILON = 1e-6;

    private final Parameter g;

    public ScaleNorm(int features) {
        super(new Builder()); // neither gamma nor beta: g is ScaleNorm's only parameter
        float start = (float) Math.sqrt(features);
        g = addScalar("g", (manager, shape, dataType) -> manager.full(shape, start, dataType));
    }

    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        int[] features = IntStream.range(1, x.getShape().dimension()).toArray(); // every axis but the batch
        // Scalars, not pow(-0.5) directly: autograd keeps the constant, which must outlive Java's buffer.
        NDArray inverseNorm = Scalars.power(x.square().sum(features, true).add(EPSILON * EPSILON), -0.5);
        return x.mul(inverseNorm).mul(parameterStore.getValue(g, x.getDevice(), training));
    }

    static final class Builder extends NormaliserBuilder<Builder> {}
}
