package adiv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer whose state adiv owns: DJL's optimizers keep their moments and step counts private,
 * and a run that resumes from a checkpoint needs them back exactly. The arithmetic is DJL's own fused
 * update kernels ({@link NDArrayEx#adamUpdate}, {@link NDArrayEx#sgdUpdate}) called with the values
 * DJL's {@code Adam} and {@code Sgd} pass, so the numbers are theirs, bit for bit.
 *
 * <p>State is kept per parameter under the parameter's path name in the network (stable between two
 * builds of the same network, unlike DJL's random parameter ids), in arrays attached to the manager
 * given at creation, which the training loop closes when the run ends.
 */
public abstract class ParameterUpdater {

    /** Steps taken so far (Adam's t). */
    protected long steps;
    /** Where the state arrays live. */
    protected final NDManager manager;
    /** The fixed step size η. */
    protected final float learningRate;

    ParameterUpdater(float learningRate, NDManager manager) {
        this.learningRate = learningRate;
        this.manager = manager;
    }

    /** Adam with PyTorch's defaults (see {@link OptimizerKind#ADAM}). */
    public static ParameterUpdater adam(float learningRate, NDManager manager) {
        return new Adam(learningRate, manager);
    }

    /** Plain SGD, no momentum. */
    public static ParameterUpdater sgd(float learningRate, NDManager manager) {
        return new Sgd(learningRate, manager);
    }

    /** One step: every parameter moves by its gradient (which is then zeroed). */
    public final void step(List<Pair<String, Parameter>> trained) {
        steps++;
        for (Pair<String, Parameter> p : trained) {
            NDArray weight = p.getValue().getArray();
            try (NDArray grad = weight.getGradient()) {
                update(p.getKey(), weight, grad);
            }
        }
    }

    /** Updates one parameter in place. */
    protected abstract void update(String name, NDArray weight, NDArray grad);

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** The state arrays by name (for a checkpoint); the arrays stay owned by this optimizer. */
    public abstract Map<String, NDArray> state();

    /**
     * Continues from a checkpoint's state: its step count and arrays (copied; the caller keeps
     * ownership of the ones it passes).
     */
    public void restore(long stepsTaken, Map<String, NDArray> state) {
        this.steps = stepsTaken;
        state.forEach((name, array) -> {
            NDArray own = array.duplicate();
            own.attach(manager);
            keep(name, own);
        });
    }

    /** Keeps a restored state array. */
    protected abstract void keep(String name, NDArray array);

    /** Adam: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay, bias corrections in the step size. */
    private static final class Adam extends ParameterUpdater {
        private static final float BETA1 = 0.9f;
        private static final float BETA2 = 0.999f;
        private static final float EPSILON = 1e-8f;
        private final Map<String, NDArray> means = new LinkedHashMap<>();
        private final Map<String, NDArray> variances = new LinkedHashMap<>();

        Adam(float learningRate, NDManager manager) {
            super(learningRate, manager);
        }

        @Override
        protected void update(String name, NDArray weight, NDArray grad) {
            // The values DJL's Adam computes for step t (its update count is the largest over the
            // parameters, which is the step when every parameter moves every step).
            double coef1 = 1.0 - Math.pow(BETA1, steps);
            double coef2 = 1.0 - Math.pow(BETA2, steps);
            float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
            NDArray m = means.computeIfAbsent(name, k -> zeros(weight));
            NDArray v = variances.computeIfAbsent(name, k -> zeros(weight));
            weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight),
                    learningRate, corrected, 0f, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
        }

        @Override
        public Map<String, NDArray> state() {
            Map<String, NDArray> s = new LinkedHashMap<>();
            means.forEach((k, a) -> s.put("m:" + k, a));
            variances.forEach((k, a) -> s.put("v:" + k, a));
            return s;
        }

        @Override
        protected void keep(String name, NDArray array) {
            if (name.startsWith("m:")) {
                means.put(name.substring(2), array);
            } else if (name.startsWith("v:")) {
                variances.put(name.substring(2), array);
            } else {
                throw new IllegalArgumentException("not an Adam state array: " + name);
            }
        }
    }

    /** Plain SGD: w ← w − η g. */
    private static final class Sgd extends ParameterUpdater {
        Sgd(float learningRate, NDManager manager) {
            super(learningRate, manager);
        }

        @Override
        protected void update(String name, NDArray weight, NDArray grad) {
            weight.getNDArrayInternal().sgdUpdate(new NDList(weight, grad), new NDList(weight),
                    learningRate, 0f, 1f, -1f, 0f, true);
        }

        @Override
        public Map<String, NDArray> state() {
            return Map.of();
        }

        @Override
        protected void keep(String name, NDArray array) {
            throw new IllegalArgumentException("plain SGD keeps no state, found " + name);
        }
    }

    /** A state array of zeros shaped like the weight, kept until the run ends. */
    NDArray zeros(NDArray weight) {
        NDArray z = weight.zerosLike();
        z.attach(manager);
        return z;
    }
}
