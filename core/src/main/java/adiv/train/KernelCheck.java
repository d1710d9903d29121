package adiv.train;

import adiv.data.Data;
import adiv.engine.Machine;
import adiv.maps.Kernel;
import adiv.maps.KernelCall;
import adiv.maps.KernelCall.Part;
import adiv.maps.Kernels;
import adiv.maps.Pooling;
import adiv.maps.Precision;
import adiv.maps.Products;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A known-answer check of the libtorch kernels a network relies on ({@link Kernel}), at the shapes
 * it calls them with, before it trains on them: libtorch picks its kernels by CPU, and on some CPUs
 * a float32 kernel computes wrongly (an AMD EPYC's convolution input gradient for few output
 * channels was wrong by 0.9, BENCHMARKS.md "Kernels that compute wrongly"), which float64 tests
 * never see.
 *
 * <p>Each call the network makes is repeated on random data (fixed by the call), in its own
 * precision and in float64; the output and every gradient the training takes are compared
 * (max |a − b| / max |b|, NaN counting as wrong), and a few entries of each float64 result are
 * compared with direct sums in Java ({@link KernelReference}), so the reference is itself checked.
 * What it decides:
 *
 * <ul>
 *   <li>all agree: nothing changes;
 *   <li>a float32 kernel is wrong: the run computes that kernel in float64 ({@link Kernels#route}),
 *       once the same call through that route is seen to agree;
 *   <li>a bfloat16 product is wrong, the float64 result misses the direct sums, or the route does not
 *       help: {@link KernelFault}, naming the kernel, the call, the CPU and the error: no training on
 *       wrong numbers.
 * </ul>
 *
 * <p>Results are kept per process and on disk under the data home ({@code kernel-checks/}), keyed
 * by the CPU's identity, the versions of DJL and libtorch, the intra-op threads and the calls, so a
 * machine checks a network's kernels once. Kernels broken on purpose ({@link Kernels#FAULT_PROPERTY})
 * are never cached on disk.
 */
public final class KernelCheck {

    /** The agreement float32 must reach with float64 (a fault is off by 0.1 to 1, or NaN). */
    static final double FLOAT32_TOLERANCE = 1e-3;
    /** The agreement bfloat16 products must reach (their inputs and results are rounded to 8 bits). */
    static final double BF16_TOLERANCE = 3e-2;
    /** The agreement float64 must reach with direct sums in Java. */
    static final double REFERENCE_TOLERANCE = 1e-9;
    /** Entries of each float64 result recomputed by direct sums. */
    static final int SPOTS = 6;
    /**
     * Samples of a call's batch compared (spread over it; the rest of the batch repeats them and
     * feeds no gradient), so that float64, slow on some kernels, computes a few samples only.
     */
    static final int SAMPLES = 8;
    /** Changes when what the check computes changes, so older cached results are not read. */
    private static final int VERSION = 2;

    private static final Map<String, Report> MEMORY = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cacheDir;
    /** Measure even what was checked before (and keep the new result). */
    private final boolean fresh;

    /** A check that caches under {@code cacheDir} (null: only in memory). */
    KernelCheck(Path cacheDir) {
        this(cacheDir, false);
    }

    private KernelCheck(Path cacheDir, boolean fresh) {
        this.cacheDir = cacheDir;
        this.fresh = fresh;
    }

    /** The check as training runs it: results cached under the data home. */
    public static KernelCheck standard() {
        return new KernelCheck(Data.home().resolve("kernel-checks"), false);
    }

    /** The check as {@code adiv theory} runs it: measured now, the result kept for training. */
    public static KernelCheck afresh() {
        return new KernelCheck(Data.home().resolve("kernel-checks"), true);
    }

    /**
     * One comparison: a part of a call, its error against float64 and float64's against the direct
     * sums.
     *
     * @param call the call
     * @param part the output or a gradient
     * @param error max |a − b| / max |b| of the call's own precision against float64 (NaN: wrong)
     * @param referenceError the same of float64 against direct sums at {@value #SPOTS} entries
     * @param routedError where the kernel had to be routed: the error of the routed computation
     *     (NaN where not routed)
     */
    public record Row(KernelCall call, Part part, double error, double referenceError, double routedError) {

        /** The tolerance of the call's precision. */
        public double tolerance() {
            return call.precision() == Precision.BF16 ? BF16_TOLERANCE : FLOAT32_TOLERANCE;
        }

        /** Whether the kernel's own result is wrong. */
        public boolean wrong() {
            return !(error <= tolerance());
        }

        /** Whether float64 misses the direct sums. */
        public boolean referenceWrong() {
            return !(referenceError <= REFERENCE_TOLERANCE);
        }

        /** Whether this row stops training: wrong, and not set right by a route. */
        public boolean stops() {
            return referenceWrong() || (wrong() && !(routedError <= tolerance()));
        }

        /** One line: the kernel, the part, the call and the errors. */
        public String describe() {
            return call.kernel().label() + " " + call.precision().label() + " " + part.label() + " at "
                    + call.describe() + ": relative error " + String.format("%.2g", error) + " against float64"
                    + (Double.isNaN(routedError) ? "" : String.format(" (%.2g in float64)", routedError));
        }
    }

    /**
     * What the check found.
     *
     * @param rows every comparison
     * @param routed the kernels the run computes in float64
     * @param cpu the CPU's model name
     * @param libtorch libtorch's version
     * @param threads the intra-op threads it ran with
     * @param cached whether it was read from an earlier check
     */
    public record Report(List<Row> rows, Set<Kernel> routed, String cpu, String libtorch, int threads, boolean cached) {

        /** Whether every kernel computed right. */
        public boolean ok() {
            return rows.stream().noneMatch(r -> r.wrong() || r.referenceWrong());
        }

        /** The comparisons that stop training. */
        public List<Row> stopping() {
            return rows.stream().filter(Row::stops).toList();
        }

        /** The wrong comparisons. */
        public List<Row> wrong() {
            return rows.stream().filter(r -> r.wrong() || r.referenceWrong()).toList();
        }

        /** Throws {@link KernelFault} when a comparison stops training. */
        public Report throwIfStopping() {
            List<Row> stop = stopping();
            if (!stop.isEmpty()) {
                throw new KernelFault(stop.get(0), this);
            }
            return this;
        }

        /**
         * What a person training should hear: null when every kernel was right; else which were
         * wrong and are computed in float64 for this run.
         */
        public String notice() {
            if (ok() || !stopping().isEmpty()) {
                return null;
            }
            return "this CPU's libtorch computes " + wrong().get(0).describe() + "; this run computes "
                    + String.join(" and ", routed.stream().map(Kernel::label).toList())
                    + " in float64 instead (right, and slower)" + (wrong().size() > 1 ? "; " + wrong().size()
                    + " results were wrong in all, `adiv theory` lists the kernels" : "") + ".";
        }

        /** One line for provenance and logs. */
        public String summary() {
            long calls = rows.stream().map(r -> r.call().describe()).distinct().count();
            String where = ", " + threads + " thread" + (threads == 1 ? "" : "s");
            if (ok()) {
                return "ok: " + rows.size() + " results of " + calls + " kernel calls agree with float64" + where;
            }
            List<Row> stop = stopping();
            if (!stop.isEmpty()) {
                return "stopped: " + stop.get(0).describe() + where;
            }
            return "routed " + String.join(", ", routed.stream().map(Kernel::label).toList())
                    + " through float64: " + wrong().get(0).describe() + where;
        }
    }

    /**
     * Records the calls {@code network} makes for a batch of {@code input}'s shape (one forward pass
     * in evaluation mode, so nothing the network keeps changes; the values do not matter), then
     * checks them at every batch size the run uses: the training batches with their gradients, and
     * the evaluation batch forward only.
     *
     * @param trainingBatches the batch sizes training steps use (the full batch and a last, partial one)
     * @param evaluationBatches the batch sizes of the evaluation passes
     */
    public Report forNetwork(Block network, ParameterStore store, NDManager manager, Shape input,
            long[] trainingBatches, long[] evaluationBatches) {
        return check(calls(network, store, manager, input, trainingBatches, evaluationBatches));
    }

    /** The calls {@link #forNetwork} checks. */
    static List<KernelCall> calls(Block network, ParameterStore store, NDManager manager, Shape input,
            long[] trainingBatches, long[] evaluationBatches) {
        List<KernelCall> recorded;
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            // Inside a collector, so that every array shows whether the training takes its gradient.
            NDArray x = scope.zeros(input);
            recorded = Kernels.recordWhile(() -> network.forward(store, new NDList(x), false).close());
        }
        List<KernelCall> calls = new ArrayList<>();
        for (KernelCall call : recorded) {
            for (long batch : trainingBatches) {
                calls.add(call.withBatch(batch, true));
            }
            for (long batch : evaluationBatches) {
                calls.add(call.withBatch(batch, false));
            }
        }
        return calls;
    }

    /**
     * The check of the networks adiv trains by default, on Fashion-MNIST's shapes: the MLP and the
     * CNN with PatchNorm (which calls every kernel: linear, conv2d, both poolings), at the default
     * batch, the last partial batch of an epoch and the evaluation chunk. Measured afresh.
     */
    public Report ofDefaultNetworks() {
        int classes = 10;
        long[] batches = TrainingLoop.batchSizes(54_000, RunDefaults.BATCH);
        long[] evaluation = TrainingLoop.evaluationBatchSizes(6_000, 10_000);
        List<KernelCall> calls = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            List<Block> networks = List.of(
                    MlpBuilder.build(MlpSpec.of(784, classes, RunDefaults.MLP_WIDTH, RunDefaults.DEPTH, "affine-like",
                            RunDefaults.NORM, RunDefaults.ACT)),
                    CnnBuilder.build(new CnnSpec(1, 28, 28, classes, RunDefaults.CNN_WIDTH, RunDefaults.DEPTH,
                            "patchnorm-affine-like", RunDefaults.NORM, RunDefaults.ACT, adiv.maps.Init.PYTORCH)));
            for (Block network : networks) {
                network.initialize(manager, DataType.FLOAT32, new Shape(RunDefaults.BATCH, 784));
                calls.addAll(calls(network, store, manager, new Shape(RunDefaults.BATCH, 784), batches, evaluation));
            }
        }
        return check(calls);
    }

    /** Checks the calls (duplicates once), from the cache where they were checked before. */
    public Report check(List<KernelCall> calls) {
        Map<String, KernelCall> unique = new LinkedHashMap<>();
        calls.forEach(c -> unique.putIfAbsent(c.describe(), c));
        int threads = threads();
        String libtorch = Engine.getEngine("PyTorch").getVersion();
        String faults = String.valueOf(System.getProperty(Kernels.FAULT_PROPERTY, ""));
        String key = sha256(VERSION + "\n" + Machine.cpuIdentity() + "\n" + Engine.getDjlVersion() + "\n" + libtorch
                + "\n" + threads + "\n" + faults + "\n" + String.join("\n", unique.keySet()));
        Report known = fresh ? null : MEMORY.get(key);
        if (known != null) {
            return known;
        }
        boolean onDisk = cacheDir != null && faults.isEmpty();
        Report report = onDisk && !fresh ? read(key, unique, threads, libtorch) : null;
        if (report == null) {
            report = measure(List.copyOf(unique.values()), threads, libtorch);
            if (onDisk) {
                write(key, report);
            }
        }
        MEMORY.put(key, report);
        return report;
    }

    private static Report measure(List<KernelCall> calls, int threads, String libtorch) {
        List<Row> rows = new ArrayList<>();
        Set<Kernel> routed = EnumSet.noneOf(Kernel.class);
        for (KernelCall call : calls) {
            Map<Part, double[]> errors = compare(call, Set.of());
            for (Part part : call.parts()) {
                double[] e = errors.get(part);
                rows.add(new Row(call, part, e[0], e[1], Double.NaN));
                Row row = rows.get(rows.size() - 1);
                if (row.wrong() && !row.referenceWrong() && call.precision() == Precision.FLOAT32) {
                    routed.add(call.kernel());
                }
            }
        }
        if (!routed.isEmpty()) {
            // A route is taken only where it is seen to work: the wrong calls again, routed.
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                if (row.wrong() && routed.contains(row.call().kernel())) {
                    double again = compare(row.call(), routed).get(row.part())[0];
                    rows.set(i, new Row(row.call(), row.part(), row.error(), row.referenceError(), again));
                }
            }
        }
        return new Report(List.copyOf(rows), routed, Machine.cpuModel(), libtorch, threads, false);
    }

    /**
     * For each part of the call: {error against float64, float64's error against direct sums}, with
     * the given kernels routed through float64.
     */
    static Map<Part, double[]> compare(KernelCall call, Set<Kernel> routes) {
        Random random = new Random(call.describe().hashCode());
        int batch = (int) call.batch();
        int k = Math.min(batch, SAMPLES);
        long[] at = spread(batch, k);
        double[] xs = floats(random, call.input().size() / batch * k);
        double[] w = call.weight() == null ? null : floats(random, call.weight().size());
        double[] b = call.bias() ? floats(random, call.weight().get(0)) : null;
        int perSample = new KernelReference(call, 1, null, null, null, null).outputSize();
        boolean gradients = call.inputGradient() || call.weightGradient();
        double[] gs = gradients ? floats(random, (long) perSample * k) : null;
        try (NDManager manager = NDManager.newBaseManager();
                Precision.Scope p = Precision.use(call.precision());
                Kernels.Scope r = Kernels.route(routes)) {
            Result own = run(call, manager, xs, w, b, gs, DataType.FLOAT32, batch, at);
            Result ref = run(call, manager, xs, w, b, gs, DataType.FLOAT64, k, spread(k, k));
            KernelReference direct = new KernelReference(call, k, xs, w, b, gs);
            Map<Part, double[]> errors = new LinkedHashMap<>();
            for (Part part : call.parts()) {
                double[] theirs = ref.get(part);
                errors.put(part, new double[] {relative(own.get(part), theirs), spots(part, theirs, direct, random)});
            }
            return errors;
        }
    }

    /**
     * k samples spread over the batch (the first, the last and between: each thread's share holds
     * some), sample i at a position ≡ i (mod k), so that a batch made of the k samples repeated has
     * sample i there.
     */
    static long[] spread(int batch, int k) {
        long[] at = new long[k];
        int repeats = batch / k;
        for (int i = 0; i < k; i++) {
            at[i] = i + (long) k * (k == 1 ? 0 : (long) i * (repeats - 1) / (k - 1));
        }
        return at;
    }

    /** A call's output and gradients as Java arrays. */
    private record Result(double[] output, double[] inputGradient, double[] weightGradient) {
        double[] get(Part part) {
            return switch (part) {
                case FORWARD -> output;
                case INPUT_GRADIENT -> inputGradient;
                case WEIGHT_GRADIENT -> weightGradient;
            };
        }
    }

    /**
     * Runs the call in the given type on a batch of the k samples xs repeated, and with gs, the
     * backward pass of Σ g ⊙ y with g the k rows gs at the positions {@code at} (zeros elsewhere);
     * returns the output and input gradient at those positions, and the weight gradient (which
     * only they feed). The kernel sees the call's full shape, which is what picks its code path.
     */
    private static Result run(KernelCall call, NDManager parent, double[] xs, double[] w, double[] b, double[] gs,
            DataType type, int batch, long[] at) {
        int k = at.length;
        try (NDManager m = parent.newSubManager()) {
            long[] dims = call.input().getShape().clone();
            dims[0] = k;
            NDArray xa = array(m, xs, new Shape(dims), type);
            if (batch > k) {
                long[] repeats = new long[dims.length];
                java.util.Arrays.fill(repeats, 1);
                repeats[0] = (batch + k - 1) / k;
                xa = xa.tile(repeats).get("0:" + batch).duplicate();
            }
            NDArray wa = w == null ? null : array(m, w, call.weight(), type);
            NDArray ba = b == null ? null : array(m, b, new Shape(b.length), type);
            NDArray rows = m.create(at);
            NDArray y;
            if (gs == null) {
                y = invoke(call, xa, wa, ba);
            } else {
                xa.setRequiresGradient(call.inputGradient());
                if (wa != null) {
                    wa.setRequiresGradient(call.weightGradient());
                }
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    y = invoke(call, xa, wa, ba);
                    long[] outDims = y.getShape().getShape().clone();
                    outDims[0] = k;
                    NDArray g = array(m, gs, new Shape(outDims), type);
                    if (batch > k) {
                        NDArray full = m.zeros(y.getShape(), type);
                        for (int i = 0; i < k; i++) {
                            full.set(new ai.djl.ndarray.index.NDIndex(at[i]), g.get(i));
                        }
                        g = full;
                    }
                    collector.backward(y.mul(g).sum());
                }
            }
            return new Result(doubles(y.get(rows)),
                    gs != null && call.inputGradient() ? doubles(xa.getGradient().get(rows)) : null,
                    gs != null && wa != null && call.weightGradient() ? doubles(wa.getGradient()) : null);
        }
    }

    /** The call through the same method of maps/ that the network calls. */
    private static NDArray invoke(KernelCall call, NDArray x, NDArray w, NDArray b) {
        return switch (call.kernel()) {
            case LINEAR -> Products.linear(x, w, b);
            case CONV2D -> Products.conv2d(x, w, b, call.stride(), call.padding(), call.dilation());
            case MAX_POOL2D -> Pooling.maxPool2d(x, call.window(), call.stride());
            case AVG_POOL2D -> Pooling.boxSum(x, call.window(), call.stride(), call.padding(), call.dilation());
        };
    }

    /** max over {@value #SPOTS} random entries of |float64 − direct sum|, relative to max |float64|. */
    private static double spots(Part part, double[] values, KernelReference direct, Random random) {
        double scale = maxAbs(values);
        double worst = 0;
        for (int k = 0; k < SPOTS; k++) {
            int i = random.nextInt(values.length);
            double expected = switch (part) {
                case FORWARD -> direct.output(i);
                case INPUT_GRADIENT -> direct.inputGradient(i);
                case WEIGHT_GRADIENT -> direct.weightGradient(i);
            };
            double d = Math.abs(values[i] - expected);
            worst = Double.isNaN(d) ? Double.NaN : Math.max(worst, d);
        }
        return scale > 0 ? worst / scale : worst;
    }

    /** max |a − b| / max |b|; NaN when anything is not finite. */
    static double relative(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] - b[i]);
            if (!Double.isFinite(e)) {
                return Double.NaN;
            }
            d = Math.max(d, e);
        }
        double scale = maxAbs(b);
        return scale > 0 ? d / scale : d;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    /** Standard normal values rounded to float32, so both precisions start from the same numbers. */
    private static double[] floats(Random random, long n) {
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static NDArray array(NDManager m, double[] values, Shape shape, DataType type) {
        if (type == DataType.FLOAT64) {
            return m.create(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return m.create(f, shape);
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static int threads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }

    // ---- the cache ----

    /** A cached row: the call is found again by its description among the calls asked for. */
    private record Stored(String call, String part, double error, double referenceError, double routedError) {}

    private Report read(String key, Map<String, KernelCall> calls, int threads, String libtorch) {
        Path file = cacheDir.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<String, Object> stored = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
            List<Stored> rows = JSON.convertValue(stored.get("rows"), new TypeReference<List<Stored>>() {});
            List<Row> out = new ArrayList<>();
            Set<Kernel> routed = EnumSet.noneOf(Kernel.class);
            for (Stored s : rows) {
                KernelCall call = calls.get(s.call());
                if (call == null) {
                    return null; // not the calls this key was written for: measure again
                }
                Row row = new Row(call, Part.byLabel(s.part()), s.error(), s.referenceError(), s.routedError());
                out.add(row);
                if (!Double.isNaN(s.routedError())) {
                    routed.add(call.kernel());
                }
            }
            return new Report(List.copyOf(out), routed, Machine.cpuModel(), libtorch, threads, true);
        } catch (IOException | IllegalArgumentException e) {
            return null; // unreadable or from another version: measure again
        }
    }

    private void write(String key, Report report) {
        try {
            Files.createDirectories(cacheDir);
            Map<String, Object> stored = new LinkedHashMap<>();
            stored.put("cpu", Machine.cpuIdentity());
            stored.put("libtorch", report.libtorch());
            stored.put("djl", Engine.getDjlVersion());
            stored.put("threads", report.threads());
            stored.put("summary", report.summary());
            stored.put("rows", report.rows().stream()
                    .map(r -> new Stored(r.call().describe(), r.part().label(), r.error(), r.referenceError(),
                            r.routedError()))
                    .toList());
            Path tmp = Files.createTempFile(cacheDir, key, ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stored),
                    StandardCharsets.UTF_8);
            Files.move(tmp, cacheDir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A cache that cannot be written costs a check next time, nothing else.
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets the results kept in this process (tests). */
    static void forget() {
        MEMORY.clear();
    }
}
