package adiv.train;

import adiv.engine.TorchScript;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer whose state adiv owns: DJL's optimizers keep their moments and step counts private,
 * and a run that resumes from a checkpoint needs them back exactly. SGD is DJL's own update kernel
 * ({@link NDArrayEx#sgdUpdate}) called with the values DJL's {@code Sgd} passes; Adam makes DJL's
 * {@code Adam} update through libtorch's fused kernel (see {@code Adam} below).
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
        update(trained);
    }

    /** Updates every parameter in place by its gradient, and zeroes the gradients. */
    protected abstract void update(List<Pair<String, Parameter>> trained);

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

    /**
     * Adam: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay, with bias corrections:
     * w ← w − η √(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), the update DJL's {@code Adam} makes.
     *
     * <p>Every parameter is updated in one call of libtorch's fused Adam kernel
     * ({@code torch._fused_adam_}, one pass over each parameter, through a TorchScript function:
     * {@code adam.pt}, written by {@code scripts/make-torchscript.py}), which then zeroes the
     * gradients. DJL's own update makes about 29 passes per parameter and allocates four
     * temporaries; the fused one took a third of its time (BENCHMARKS.md, "Where an epoch goes").
     * The kernel computes PyTorch's form, m̂/(√v̂ + ε'); with ε' = ε/√(1−β₂ᵗ) that is the update
     * above, equal up to floating-point rounding.
     */
    private static final class Adam extends ParameterUpdater {
        private static final float BETA1 = 0.9f;
        private static final float BETA2 = 0.999f;
        private static final float EPSILON = 1e-8f;
        /** libtorch's fused Adam over a list of parameters, one call per step. */
        private static final TorchScript.Function FUSED_ADAM = TorchScript.function(ParameterUpdater.class, "adam.pt");

        private final Map<String, NDArray> means = new LinkedHashMap<>();
        private final Map<String, NDArray> variances = new LinkedHashMap<>();

        Adam(float learningRate, NDManager manager) {
            super(learningRate, manager);
        }

        @Override
        protected void update(List<Pair<String, Parameter>> trained) {
            int n = trained.size();
            PtNDArray[] weights = new PtNDArray[n];
            PtNDArray[] grads = new PtNDArray[n];
            PtNDArray[] m = new PtNDArray[n];
            PtNDArray[] v = new PtNDArray[n];
            for (int i = 0; i < n; i++) {
                String name = trained.get(i).getKey();
                NDArray weight = trained.get(i).getValue().getArray();
                weights[i] = (PtNDArray) weight;
                grads[i] = (PtNDArray) weight.getGradient();
                m[i] = (PtNDArray) means.computeIfAbsent(name, k -> zeros(weight));
                v[i] = (PtNDArray) variances.computeIfAbsent(name, k -> zeros(weight));
            }
            double epsilon = EPSILON / Math.sqrt(1.0 - Math.pow(BETA2, steps));
            IValue[] inputs = {
                IValue.listFrom(weights), IValue.listFrom(grads), IValue.listFrom(m), IValue.listFrom(v),
                IValue.from((double) steps), IValue.from((double) learningRate), IValue.from((double) BETA1),
                IValue.from((double) BETA2), IValue.from(epsilon)
            };
            try (IValue done = FUSED_ADAM.module().forward(inputs)) {
                // the arrays were updated in place
            } finally {
                for (IValue input : inputs) {
                    input.close();
                }
                for (PtNDArray grad : grads) {
                    grad.close();
                }
            }
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
        protected void update(List<Pair<String, Parameter>> trained) {
            for (Pair<String, Parameter> p : trained) {
                NDArray weight = p.getValue().getArray();
                try (NDArray grad = weight.getGradient()) {
                    weight.getNDArrayInternal().sgdUpdate(new NDList(weight, grad), new NDList(weight),
                            learningRate, 0f, 1f, -1f, 0f, true);
                }
            }
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
