package adiv.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * One real plain-SGD step on a block that is linear in its parameters for fixed inputs (an
 * affine-type map, a PatchNorm convolution), and the update Δz it caused (MATH.md §1, §4, §5).
 *
 * <p>The upstream gradient g is imposed through the loss L = Σ g ⊙ z, so that ∂L/∂z = g exactly.
 * The parameters are then updated by DJL's own SGD optimizer (no momentum, no weight decay), and
 * Δz = z(θ_after, x) − z(θ_before, x) with the input held fixed.
 */
public final class OneStep<B extends Block> {

    private final B map;
    private final ParameterStore store;
    private final Optimizer sgd;
    private final double learningRate;

    /**
     * @param map an initialised block
     * @param store the parameter store its forward passes read from
     * @param learningRate η
     */
    public OneStep(B map, ParameterStore store, float learningRate) {
        this.map = map;
        this.store = store;
        this.learningRate = learningRate;
        this.sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    /** The block being stepped. */
    public B map() {
        return map;
    }

    /** η as the optimizer applies it (the float value, widened). */
    public double learningRate() {
        return learningRate;
    }

    /**
     * z = map(x) with the current parameters, as the training pass computes it: a BatchNorm inside
     * the map normalises with this batch's statistics, the same ones the step was taken with (its
     * running statistics move as in training, which none of the outputs here read).
     */
    public NDArray output(NDArray x) {
        return map.forward(store, new NDList(x), true).singletonOrThrow();
    }

    /**
     * Takes one step with upstream gradient g and returns Δz on the same inputs.
     *
     * @param x inputs (B, n)
     * @param g upstream gradient ∂L/∂z (B, m)
     * @return Δz (B, m)
     */
    public NDArray step(NDArray x, NDArray g) {
        NDArray before = output(x);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z = map.forward(store, new NDList(x), true).singletonOrThrow();
            collector.backward(z.mul(g).sum());
        }
        for (Pair<String, Parameter> entry : map.getParameters()) {
            Parameter p = entry.getValue();
            if (p.requiresGradient()) {
                sgd.update(p.getId(), p.getArray(), p.getArray().getGradient());
            }
        }
        return output(x).sub(before);
    }
}
