package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a plug-in's method before anything trains with it: each of its forms, and a normaliser of
 * its own, is built for a small layer, initialised and run on a batch (a training pass, the side-effect-free value the probe uses,
 * and its kernel where it states one). A form that throws, returns a wrong shape or a value that is
 * not finite is refused with the method's name, its jar and what it returned, so that a broken
 * plug-in costs one line rather than a sweep's runs.
 */
public final class PluginCheck {

    private static final int BATCH = 5;
    private static final int INPUTS = 6;
    private static final int OUTPUTS = 4;
    private static final Set<String> PASSED = new HashSet<>();

    private PluginCheck() {}

    /**
     * Checks a method's forms and its normaliser once per JVM (adiv's own are trusted: their tests
     * check them).
     *
     * @throws IllegalArgumentException naming the method (or normaliser) and what went wrong
     */
    public static void check(Methods catalogue, Method method) {
        Method forms = catalogue.forms(method);
        if (!Methods.BUILT_IN.equals(forms.origin()) && once(forms.name() + "@" + forms.origin())) {
            String who = "plug-in method '" + forms.name() + "' (" + forms.origin() + ")";
            try (NDManager manager = NDManager.newBaseManager()) {
                if (forms.dense() != null) {
                    dense(who, catalogue, forms, manager);
                }
                if (forms.conv() != null) {
                    conv(who, catalogue, forms, manager);
                }
            }
            passed(forms.name() + "@" + forms.origin());
        }
        if (!method.norm().equals(Normalisers.NONE)) {
            Normaliser n = catalogue.normaliser(method.norm());
            if (!Methods.BUILT_IN.equals(n.origin()) && once("norm " + n.name() + "@" + n.origin())) {
                normaliser("plug-in normaliser '" + n.name() + "' (" + n.origin() + ")", n);
                passed("norm " + n.name() + "@" + n.origin());
            }
        }
    }

    private static boolean once(String key) {
        synchronized (PASSED) {
            return !PASSED.contains(key);
        }
    }

    private static void passed(String key) {
        synchronized (PASSED) {
            PASSED.add(key);
        }
    }

    private static void dense(String who, Methods catalogue, Method forms, NDManager manager) {
        NDArray input = manager.randomNormal(new Shape(BATCH, INPUTS));
        AffineMap map = call(who, "its dense form", () -> catalogue.dense(forms, INPUTS, OUTPUTS, Init.PYTORCH));
        if (map == null) {
            throw new IllegalArgumentException(who + ": its dense form returned null instead of a map");
        }
        call(who, "initialising its dense form", () -> {
            map.initialize(manager, DataType.FLOAT32, input.getShape());
            return null;
        });
        Shape expected = new Shape(BATCH, OUTPUTS);
        NDArray z = call(who, "its dense form's training pass",
                () -> map.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow());
        returned(who, "its dense form's training pass", z, expected);
        NDArray x64 = input.toType(DataType.FLOAT64, false);
        returned(who, "its trainingValue(x) (what the probe measures)", call(who, "its trainingValue(x)",
                () -> map.trainingValue(x64)), expected);
        if (forms.statesKernel()) {
            returned(who, "its kernel(x)", call(who, "its kernel(x) (statesKernel(false) if it has none)",
                    () -> map.kernel(x64)), new Shape(BATCH, BATCH));
        }
    }

    /** A normaliser's forms: built for the width they are given, run on a batch, shape kept, values finite. */
    private static void normaliser(String who, Normaliser n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(BATCH, INPUTS));
            normaliserForm(who, "its dense form", n.dense(), INPUTS, x, manager);
            if (n.conv() != null) {
                normaliserForm(who, "its form after a convolution", n.conv(), OUTPUTS,
                        manager.randomNormal(new Shape(2, OUTPUTS, 8, 8)), manager);
            }
        }
    }

    private static void normaliserForm(String who, String form, Normaliser.Factory factory, int features, NDArray x,
            NDManager manager) {
        AbstractNormaliser block = call(who, form + " (built for " + features + " features)", () -> factory.create(features));
        if (block == null) {
            throw new IllegalArgumentException(who + ": " + form + " returned null instead of a block");
        }
        call(who, "initialising " + form, () -> {
            block.initialize(manager, DataType.FLOAT32, x.getShape());
            return null;
        });
        returned(who, form + "'s training pass", call(who, form + "'s training pass",
                () -> block.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow()), x.getShape());
        NDArray x64 = x.toType(DataType.FLOAT64, false);
        returned(who, form + "'s trainingValue(x) (what the theory check and the probe use)",
                call(who, form + "'s trainingValue(x)", () -> block.trainingValue(x64)), x.getShape());
    }

    private static void conv(String who, Methods catalogue, Method forms, NDManager manager) {
        NDArray x = manager.randomNormal(new Shape(2, 3, 8, 8));
        AbstractConv conv = call(who, "its convolution", () -> catalogue.conv(forms, OUTPUTS, new Shape(3, 3), new Shape(1, 1), Init.PYTORCH));
        call(who, "initialising its convolution", () -> {
            conv.initialize(manager, DataType.FLOAT32, x.getShape());
            return null;
        });
        returned(who, "its convolution's training pass", call(who, "its convolution's training pass",
                () -> conv.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow()),
                new Shape(2, OUTPUTS, 8, 8));
    }

    private static <T> T call(String who, String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(who + ": " + what + " threw " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static void returned(String who, String what, NDArray value, Shape expected) {
        if (value == null) {
            throw new IllegalArgumentException(who + ": " + what + " returned null");
        }
        if (!value.getShape().equals(expected)) {
            throw new IllegalArgumentException(who + ": " + what + " returned shape " + value.getShape() + ", expected "
                    + expected);
        }
        double[] v = value.toType(DataType.FLOAT64, false).toDoubleArray();
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(who + ": " + what + " returned " + d + " (on a standard normal batch"
                        + " with freshly initialised parameters)");
            }
        }
    }
}
