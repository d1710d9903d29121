package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.Init;
import adiv.maps.Methods;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step's gradients in float32, as runs compute them, agree with the same step in
 * float64: networks built by {@link MlpBuilder} and {@link CnnBuilder} at the shapes the presets
 * train (Fashion-MNIST's 1×28×28 images and 10 classes, batch {@value RunDefaults#BATCH}, depth 2
 * or 3), the same parameter values in both precisions, {@link TrainingLoop}'s softmax cross-entropy
 * in training mode; the logits and every trainable parameter's gradient compared, on one and on two
 * intra-op threads.
 *
 * <p>Why: the other gradient checks ({@code GradientTest}, {@code PatchNormTest}) run in float64,
 * and libtorch computes float64 with other kernels than float32 (other oneDNN and vectorised paths,
 * chosen by the CPU's instruction set, the shapes and the thread count). On an AMD EPYC (Zen 5) the
 * float32 input gradient of a convolution with one output channel, which PatchNorm then used for
 * its patch norms, was wrong by a relative 0.9, and NaN on two threads, while every float64 check
 * passed. Float64 is the reference here: on a CPU whose float32 kernels are wrong for any layer of
 * the networks below, this test fails, with errors of 0.04 to 1 (below) or NaN (any NaN fails).
 *
 * <p>Errors, per parameter and for the logits: ‖g32 − g64‖ / ‖g64‖ and max|g32 − g64| / max|g64|.
 * The worst measured on an Intel Xeon, over all cases and four random batches, was 1.3e-4 (DyT's
 * scalar α; DyIsru's 6.5e-5: sums over the whole batch that cancel to 1e-6 and 1e-9), 1.7e-5 for
 * the MLPs' other gradients and 5e-5 for the CNNs' (PatchNorm affine-like + batchnorm); the logits
 * 1.2e-6. A wrong kernel is diluted by the layers around it: with PatchNorm's float32 patch-norm
 * input gradient made 0.9 too small, every PatchNorm case failed, its largest error between 0.037
 * (affine-like + layernorm) and 0.73. The tolerance {@value #TOLERANCE} lies between, at least a
 * factor of 15 from each. A parameter with an exact gradient of zero (a convolution's bias before
 * per-channel batchnorm, which subtracts it: float64 rounding of 1e-16, float32 of 1e-7, a relative
 * error of 1e9 that says nothing about the kernels) is measured against the network's largest
 * gradient instead.
 *
 * <p>Max pooling, a discontinuity, is where the two precisions may legitimately part: see
 * {@link #step}.
 *
 * <p>Cases, each on 1 and 2 threads: the MLP (784-128-128-10, tanh) with every map of
 * {@link Methods#maps()} with a dense form and no normaliser; every normaliser of {@link Methods#normalisers()} before
 * the affine map (width 256, the default) and before the affine-like map (width 128, the presets'
 * quick scale); the CNN at fig8's channels (8/16) with every convolution of {@link CnnSpec#convs()}
 * and every normaliser of {@link CnnSpec#NORMS}; at fig9's (8/16/32) with every convolution alone
 * and PatchNorm with batchnorm; at the {@code adiv train --model cnn} default (32/64) with every
 * convolution alone; and three of each model with leaky-ReLU.
 */
class Float32GradientTest {

    private static final int CHANNELS = 1;
    private static final int SIDE = 28;
    private static final int FEATURES = CHANNELS * SIDE * SIDE;
    private static final int CLASSES = 10;
    private static final int BATCH = RunDefaults.BATCH;
    private static final double TOLERANCE = 2e-3;
    /** A float64 gradient this much smaller than the network's largest is an exact zero. */
    private static final double ZERO = 1e-10;

    static Stream<Arguments> networks() {
        Set<Object> specs = new LinkedHashSet<>(); // records: a case listed twice runs once
        for (String map : mapNames()) {
            specs.add(mlp(128, map, "none", "tanh"));
        }
        for (String norm : normaliserNames()) {
            specs.add(mlp(RunDefaults.MLP_WIDTH, "affine", norm, "tanh"));
            specs.add(mlp(128, "affine-like", norm, "tanh"));
        }
        specs.add(mlp(RunDefaults.MLP_WIDTH, "affine-like", "none", "leaky-relu"));
        specs.add(mlp(128, "structural", "none", "leaky-relu"));
        specs.add(mlp(128, "affine", "batchnorm", "leaky-relu"));
        // The residual MLP of MATH.md §7: every map, and every normaliser before plain affine.
        for (String map : mapNames()) {
            specs.add(new Residual(mlp(128, map, "none", "tanh")));
        }
        for (String norm : normaliserNames()) {
            specs.add(new Residual(mlp(128, "affine", norm, "tanh")));
        }
        for (String conv : CnnSpec.convs()) {
            for (String norm : adiv.maps.Normalisers.cnn()) {
                specs.add(cnn(8, 2, conv, norm, "tanh"));
            }
            specs.add(cnn(8, 3, conv, "none", "tanh"));
            specs.add(cnn(RunDefaults.CNN_WIDTH, 2, conv, "none", "tanh"));
        }
        specs.add(cnn(8, 3, "patchnorm-affine-like", "batchnorm", "tanh"));
        specs.add(cnn(8, 3, "patchnorm-norm-like", "batchnorm", "tanh"));
        specs.add(cnn(8, 2, "affine", "batchnorm", "leaky-relu"));
        specs.add(cnn(8, 2, "patchnorm-affine-like", "none", "leaky-relu"));
        specs.add(cnn(8, 2, "patchnorm-norm-like", "rmsnorm", "leaky-relu"));
        return specs.stream().flatMap(s -> Stream.of(1, 2).map(t -> Arguments.of(describe(s), s, t)));
    }

    /** The built-in maps with a dense form, as a spec names them (structural at its default ρ). */
    private static List<String> mapNames() {
        Methods catalogue = Methods.catalogue();
        return catalogue.maps().stream().filter(m -> catalogue.requireMap("map", m).dense() != null).toList();
    }

    private static List<String> normaliserNames() {
        return List.copyOf(Methods.catalogue().normalisers().keySet());
    }

    private static MlpSpec mlp(int width, String map, String norm, String activation) {
        return MlpSpec.of(FEATURES, CLASSES, width, RunDefaults.DEPTH, map, norm, activation);
    }

    private static CnnSpec cnn(int filters, int blocks, String conv, String norm, String activation) {
        return new CnnSpec(CHANNELS, SIDE, SIDE, CLASSES, filters, blocks, conv, norm, activation, Init.PYTORCH);
    }

    /** A residual MLP (ResMlpBuilder) of an MLP's spec: depth blocks of width. */
    private record Residual(MlpSpec spec) {}

    private static String describe(Object spec) {
        if (spec instanceof Residual r) {
            MlpSpec s = r.spec();
            return String.format("resmlp %d-%d×%d blocks-%d %s + %s, %s", s.inputs(), s.width(), s.depth(), s.classes(),
                    s.map(), s.norm(), s.activation());
        }
        if (spec instanceof MlpSpec s) {
            StringBuilder layers = new StringBuilder().append(s.inputs());
            for (int i = 0; i < s.depth(); i++) {
                layers.append('-').append(s.width());
            }
            return String.format("mlp %s-%d %s + %s, %s", layers, s.classes(), s.map(), s.norm(), s.activation());
        }
        CnnSpec c = (CnnSpec) spec;
        StringBuilder channels = new StringBuilder();
        for (int i = 0; i < c.blocks(); i++) {
            channels.append(i == 0 ? "" : "/").append(c.filters() << i);
        }
        return String.format("cnn %s %s + %s, %s", channels, c.conv(), c.norm(), c.activation());
    }

    private static SequentialBlock build(Object spec) {
        if (spec instanceof Residual r) {
            return ResMlpBuilder.build(r.spec());
        }
        return spec instanceof MlpSpec s ? MlpBuilder.build(s) : CnnBuilder.build((CnnSpec) spec);
    }

    @ParameterizedTest(name = "{0}, {2} thread(s)")
    @MethodSource("networks")
    void float32GradientsAgreeWithFloat64(String name, Object spec, int threads) {
        Engine.getInstance(); // loads libtorch, whose functions JniUtils calls
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        try (NDManager m = NDManager.newBaseManager()) {
            // Java's generator, not the engine's: the same batch whatever the engine's state.
            Random random = new Random(name.hashCode());
            float[] x = new float[BATCH * FEATURES];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            long[] labels = new long[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = random.nextInt(CLASSES);
            }
            Shape shape = new Shape(BATCH, FEATURES);
            SequentialBlock net32 = build(spec);
            Engine.getInstance().setRandomSeed((int) RunDefaults.SEED);
            net32.initialize(m, DataType.FLOAT32, shape);
            SequentialBlock net64 = build(spec);
            net64.initialize(m, DataType.FLOAT64, shape);
            copyParameters(net32, net64);
            NDArray x32 = m.create(x, shape);
            NDArray y = m.create(labels);
            Step s32 = step(net32, x32, y, m, null);
            List<NDArray> routes32 = routes(s32, m);
            Step s64 = step(net64, x32.toType(DataType.FLOAT64, true), y, m, routes32);
            assertEquals(s64.gradients().keySet(), s32.gradients().keySet());
            assertFalse(s64.gradients().isEmpty(), "no trainable parameters");
            if (spec instanceof CnnSpec c) {
                assertEquals(c.blocks(), routes32.size(), "max poolings found");
            }
            List<NDArray> routes64 = routes(s64, m);
            int flips = 0;
            for (int i = 0; i < routes32.size(); i++) {
                flips += (int) (routes32.get(i).neq(routes64.get(i)).sum().toType(DataType.INT64, false).getLong() / 2);
            }
            compare(name + ", " + threads + " thread(s)", s32, s64, flips);
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /** The float32 network's values, cast to float64, in place of the float64 network's own. */
    private static void copyParameters(SequentialBlock from, SequentialBlock to) {
        ParameterList source = from.getParameters();
        ParameterList target = to.getParameters();
        assertEquals(source.keys(), target.keys());
        for (int i = 0; i < source.size(); i++) {
            Parameter p = target.get(i).getValue();
            NDArray array = p.getArray();
            array.intern(source.get(i).getValue().getArray().toType(DataType.FLOAT64, true));
            if (p.requiresGradient()) {
                array.setRequiresGradient(true); // the cast copy does not carry it
            }
        }
    }

    /**
     * One training step: its values (the logits, each max pooling's output), every trainable
     * parameter's gradient, as doubles, and each max pooling with its input.
     */
    private record Step(
            Map<String, double[]> values, Map<String, double[]> gradients, List<Block> pools, List<NDArray> poolInputs) {}

    /**
     * One training step, the network's blocks run in turn as {@link SequentialBlock} runs them.
     *
     * <p>Max pooling is the one discontinuity. Where two inputs of a window are within float32
     * rounding of each other, or equal in float32, the two precisions may take the maximum from
     * different inputs and send that window's gradient to different places: a legitimate change of
     * order 1e-2 in the gradients of the convolutions below (measured: up to 1.4e-2), and at batch
     * 128 about one network in twenty has such a window. So the float64 step takes each window's
     * maximum from the input that float32's max pooling sent the gradient to ({@code follow}).
     * Both of its pooled values are compared with float32's: float64's own maxima (float32 found
     * the maxima) and those at float32's choice (float32 sends the gradient to a maximum).
     *
     * @param follow for each max pooling, where float32 sent its gradient ({@link #routes}); null
     *     for float32's own step
     */
    private static Step step(SequentialBlock net, NDArray x, NDArray y, NDManager m, List<NDArray> follow) {
        ParameterStore store = new ParameterStore(m, false);
        Map<String, double[]> values = new LinkedHashMap<>();
        List<Block> pools = new ArrayList<>();
        List<NDArray> poolInputs = new ArrayList<>();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList current = new NDList(x);
            for (Block child : net.getChildren().values()) {
                NDArray in = current.singletonOrThrow();
                current = child.forward(store, current, true);
                NDArray out = current.singletonOrThrow();
                if (!isMaxPooling(child, in, out)) {
                    continue;
                }
                NDArray pooled = follow == null ? out : maxWhere(in, follow.get(pools.size()));
                String label = "max pooling " + (pools.size() + 1);
                values.put(label, out.toType(DataType.FLOAT64, false).toDoubleArray());
                values.put(label + " at float32's choice", pooled.toType(DataType.FLOAT64, false).toDoubleArray());
                current = new NDList(pooled);
                pools.add(child);
                poolInputs.add(in);
            }
            NDArray logits = current.singletonOrThrow();
            collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            values.put("logits", logits.toType(DataType.FLOAT64, false).toDoubleArray());
        }
        Map<String, double[]> gradients = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                gradients.put(p.getKey(), g.toType(DataType.FLOAT64, false).toDoubleArray());
            }
        }
        return new Step(values, gradients, pools, poolInputs);
    }

    /** CnnBuilder's 2×2 max pooling: the lambda block that halves an image batch's height. */
    private static boolean isMaxPooling(Block block, NDArray in, NDArray out) {
        Shape i = in.getShape();
        Shape o = out.getShape();
        return block instanceof LambdaBlock && i.dimension() == 4 && o.dimension() == 4 && o.get(2) == i.get(2) / 2;
    }

    /**
     * For each max pooling of a step, the inputs its backward pass sends gradient to (true at one
     * input per window): asked of the pooling itself, since equal inputs leave the choice to it.
     */
    private static List<NDArray> routes(Step step, NDManager m) {
        List<NDArray> routes = new ArrayList<>();
        for (int i = 0; i < step.pools().size(); i++) {
            NDArray in = step.poolInputs().get(i).duplicate();
            in.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = step.pools().get(i).forward(new ParameterStore(m, false), new NDList(in), true);
                collector.backward(out.singletonOrThrow().sum());
            }
            routes.add(in.getGradient().gt(0));
        }
        return routes;
    }

    /** 2×2 max pooling of x over the inputs a route marks: the marked input of each window. */
    private static NDArray maxWhere(NDArray x, NDArray route) {
        NDArray never = x.getManager().full(x.getShape(), Float.NEGATIVE_INFINITY, x.getDataType());
        return Pool.maxPool2d(NDArrays.where(route, x, never), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** Fails, listing every array's errors, when any error exceeds the tolerance or is NaN. */
    private static void compare(String name, Step s32, Step s64, int flips) {
        double largestNorm = 0;
        double largestEntry = 0;
        for (double[] g : s64.gradients().values()) {
            largestNorm = Math.max(largestNorm, norm(g));
            largestEntry = Math.max(largestEntry, maxAbs(g));
        }
        StringBuilder table = new StringBuilder();
        List<String> failed = new ArrayList<>();
        Map<String, double[]> a32 = new LinkedHashMap<>(s32.values());
        a32.putAll(s32.gradients());
        Map<String, double[]> a64 = new LinkedHashMap<>(s64.values());
        a64.putAll(s64.gradients());
        for (String key : a64.keySet()) {
            double[] a = a32.get(key);
            double[] b = a64.get(key);
            double[] d = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                d[i] = a[i] - b[i];
            }
            double scale = norm(b);
            double scaleEntry = maxAbs(b);
            // An exact zero (float64 rounding): measured against the network's largest gradient.
            if (s64.gradients().containsKey(key) && scale <= ZERO * largestNorm) {
                scale = largestNorm;
                scaleEntry = largestEntry;
            }
            double relative = norm(d) / scale;
            double maxRelative = maxAbs(d) / scaleEntry;
            // Written so that NaN fails: NaN <= anything is false.
            boolean ok = relative <= TOLERANCE && maxRelative <= TOLERANCE;
            if (!ok) {
                failed.add(key);
            }
            table.append(String.format("%n  %-40s ‖float64‖ %.3e  relative %.2e  max-relative %.2e%s",
                    key, norm(b), relative, maxRelative, ok ? "" : "  <-- over " + TOLERANCE));
        }
        table.append(String.format("%n  (max pooling: %d window(s) where float64 took another maximum than float32;"
                + " the float64 step followed float32)", flips));
        assertTrue(failed.isEmpty(), () -> name + ": float32 differs from float64 in " + failed + table);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** max |v_i|, NaN when any entry is NaN (Math.max keeps NaN). */
    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
