package adiv.maps;

import adiv.engine.TorchScript;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every call of a {@link Kernel} passes: the one place that can watch the calls a network
 * makes, send a kernel that computes wrongly on this CPU another way, and (for tests) make one
 * compute wrongly on purpose.
 *
 * <ul>
 *   <li><b>Record</b> ({@link #record}): the calls made on this thread, with their shapes and the
 *       gradients they feed, so that adiv.train.KernelCheck can check exactly those.
 *   <li><b>Route</b> ({@link #route}): kernels this thread computes in float64 (inputs cast up, the
 *       result cast back, autograd through both casts), where the check found libtorch's float32
 *       kernel wrong. float64 takes other code paths (no oneDNN) and is the check's reference.
 *   <li><b>Break</b>: the system property {@value #FAULT_PROPERTY}, e.g. {@code
 *       conv2d:input-gradient,avg_pool2d:forward}, makes those parts of those kernels wrong (a
 *       gradient scaled by 0.1, an output by 1.5) wherever they are not computed in float64 — how
 *       tests show, on a CPU whose kernels are right, that the check stops or routes around a
 *       wrong one.
 * </ul>
 *
 * <p>Calls in float64 pass straight through: they are the reference, never recorded, routed or
 * broken.
 */
public final class Kernels {

    /** The system property that breaks kernels on purpose (tests). */
    public static final String FAULT_PROPERTY = "adiv.kernels.fault";

    private static final ThreadLocal<EnumSet<Kernel>> ROUTED = ThreadLocal.withInitial(() -> EnumSet.noneOf(Kernel.class));
    private static final ThreadLocal<List<KernelCall>> RECORDER = new ThreadLocal<>();

    /** The fault property as last parsed. */
    private static volatile String faultText;
    private static volatile Map<Kernel, Set<KernelCall.Part>> faults = Map.of();

    private Kernels() {}

    /** The window settings of a convolution or pooling call (all null for linear). */
    record Window(Shape kernel, Shape stride, Shape padding, Shape dilation) {
        static final Window NONE = new Window(null, null, null, null);
    }

    /** A kernel's computation on (x, w, b); w and b may be null. */
    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /** Something in force on this thread until closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Computes the kernels given in float64 on this thread until the scope closes. */
    public static Scope route(Set<Kernel> inFloat64) {
        EnumSet<Kernel> previous = ROUTED.get();
        ROUTED.set(inFloat64.isEmpty() ? EnumSet.noneOf(Kernel.class) : EnumSet.copyOf(inFloat64));
        return () -> ROUTED.set(previous);
    }

    /** The kernels this thread computes in float64. */
    public static Set<Kernel> routed() {
        return EnumSet.copyOf(ROUTED.get());
    }

    /** Adds every call this thread makes (not in float64) to {@code calls} until the scope closes. */
    public static Scope record(List<KernelCall> calls) {
        List<KernelCall> previous = RECORDER.get();
        RECORDER.set(calls);
        return () -> RECORDER.set(previous);
    }

    /** The parts of kernels broken on purpose by {@value #FAULT_PROPERTY} (empty normally). */
    public static Map<Kernel, Set<KernelCall.Part>> faults() {
        String text = System.getProperty(FAULT_PROPERTY);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        if (!text.equals(faultText)) {
            Map<Kernel, Set<KernelCall.Part>> parsed = new EnumMap<>(Kernel.class);
            for (String item : text.split(",")) {
                String[] kp = item.trim().split(":");
                if (kp.length != 2) {
                    throw new IllegalArgumentException(FAULT_PROPERTY + ": expected KERNEL:PART, found '" + item + "'");
                }
                parsed.computeIfAbsent(Kernel.byLabel(kp[0].trim()), k -> EnumSet.noneOf(KernelCall.Part.class))
                        .add(KernelCall.Part.byLabel(kp[1].trim().replace('-', ' ')));
            }
            faults = parsed;
            faultText = text;
        }
        return faults;
    }

    /**
     * Computes op(x, w, b) as this thread's routes say, recording the call when asked to.
     *
     * @param precision the precision op computes in when x is float32
     */
    static NDArray apply(Kernel kernel, Precision precision, NDArray x, NDArray w, NDArray b, Window window, Op op) {
        if (x.getDataType() == DataType.FLOAT64) {
            return op.apply(x, w, b);
        }
        List<KernelCall> recorder = RECORDER.get();
        if (recorder != null) {
            recorder.add(new KernelCall(kernel, precision, x.getShape(), w == null ? null : w.getShape(), b != null,
                    window.kernel(), window.stride(), window.padding(), window.dilation(), requiresGrad(x),
                    w != null && requiresGrad(w)));
        }
        if (precision == Precision.FLOAT32 && ROUTED.get().contains(kernel) && x.getDataType() == DataType.FLOAT32) {
            return Autograd.TO_FLOAT32.apply(op.apply(float64(x), float64(w), float64(b)));
        }
        Set<KernelCall.Part> broken = faults().get(kernel);
        if (broken == null) {
            return op.apply(x, w, b);
        }
        NDArray xIn = broken.contains(KernelCall.Part.INPUT_GRADIENT) ? smallerGradient(x) : x;
        NDArray wIn = w != null && broken.contains(KernelCall.Part.WEIGHT_GRADIENT) ? smallerGradient(w) : w;
        NDArray y = op.apply(xIn, wIn, b);
        return broken.contains(KernelCall.Part.FORWARD) ? Scalars.times(y, 1.5) : y;
    }

    /**
     * What autograd must see that DJL does not show it (TorchScript functions): casts it records
     * (DJL's toType is not recorded), and whether it takes a gradient through an array (DJL's
     * hasGradient answers for leaves only).
     */
    private enum Autograd {
        TO_FLOAT64("float64"), TO_FLOAT32("float32"), REQUIRES_GRAD("requires-grad");

        final TorchScript.Function script;

        Autograd(String name) {
            this.script = TorchScript.function(Kernels.class, "autograd/" + name + ".pt");
        }

        NDArray apply(NDArray a) {
            return script.apply(a.getManager(), a);
        }
    }

    private static boolean requiresGrad(NDArray a) {
        try (NDArray answer = Autograd.REQUIRES_GRAD.apply(a)) {
            return answer.getBoolean();
        }
    }

    private static NDArray float64(NDArray a) {
        return a == null ? null : Autograd.TO_FLOAT64.apply(a);
    }

    /** a's value (to rounding) with a tenth of its gradient: 0.1·a + (0.9·a without a gradient). */
    private static NDArray smallerGradient(NDArray a) {
        return Scalars.times(a, 0.1).add(Scalars.times(a, 0.9).stopGradient());
    }

    /** The calls recorded into a fresh list while {@code body} runs (a convenience for checks and tests). */
    public static List<KernelCall> recordWhile(Runnable body) {
        List<KernelCall> calls = new ArrayList<>();
        try (Scope s = record(calls)) {
            body.run();
        }
        return calls;
    }
}
