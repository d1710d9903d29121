package adiv.bench;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.maps.Init;
import adiv.maps.Method;
import adiv.maps.Methods;
import adiv.maps.Precision;
import adiv.probe.Probe;
import adiv.train.EpochResult;
import adiv.train.OptimizerKind;
import adiv.train.PhaseTimes;
import adiv.train.Networks;
import adiv.train.RunConfig;
import adiv.train.RunDefaults;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Seconds per training epoch on CIFAR-shaped synthetic data (3,072 standard normal values per
 * example, 10 classes, no validation split), Adam at 1e-3, tanh, the same networks and protocol as
 * the PyTorch peers: the paper's MLP (scripts/peers/torch_mlp.py) and fig9's CNN
 * (scripts/peers/torch_cnn.py). Each point trains two epochs and reports the second, as the
 * peers do, with the wall time of each phase of it and the JVM's garbage collection.
 *
 * <p>FLOPs are counted honestly: a layer does 2·in·out per sample forward, the same again for its
 * weight gradient and again for its input gradient, except the first layer, whose input needs no
 * gradient (4·in·out, not 6); for a convolution in·out is C_in·C_out·k²·H·W. Biases, normalisers,
 * activations, pooling and PatchNorm's patch norms are not counted: they are not matrix products.
 */
public final class TrainBenchmark {

    /** The networks a point can train. */
    public enum Model { MLP, CNN }

    /**
     * One point of the grid.
     *
     * @param model the paper's MLP or fig9's CNN
     * @param batch examples per step
     * @param width hidden units (MLP) or the first block's channels (CNN)
     * @param depth hidden layers (MLP) or conv blocks (CNN)
     * @param map the MLP's map, or the CNN's layer: conv, conv-batchnorm, patchnorm-affine-like,
     *     patchnorm-norm-like
     * @param inputs the MLP's input features (3,072 as CIFAR-10, 784 as Fashion-MNIST); the CNN's are
     *     always 3×32×32
     */
    public record Point(Model model, int batch, int width, int depth, String map, int inputs) {
        /** A point on CIFAR-shaped inputs (3,072 features). */
        public Point(Model model, int batch, int width, int depth, String map) {
            this(model, batch, width, depth, map, FEATURES);
        }
    }

    /**
     * Its timing: the second epoch's seconds, honest GFLOP/s, and where the epoch went (seconds).
     *
     * @param evaluation the pass over the 1,000 test examples after the epoch (not in
     *     secondsPerEpoch, as in the peers)
     * @param gc the JVM's collection time during the epoch (it overlaps the phases)
     */
    public record Result(
            String model, int batch, int width, int depth, String map, String precision, int samples, double secondsPerEpoch,
            double gflop, double gflops, double data, double forward, double backward, double optimizer,
            double evaluation, double gc) {}

    public static final int SAMPLES = 50_000;
    public static final int FEATURES = 3072;
    public static final int CLASSES = 10;
    private static final int[] IMAGE = {3, 32, 32};

    /** The CNN layers the peer has (and PatchNorm's other form). */
    public static final List<String> CNN_LAYERS =
            List.of("conv", "conv-batchnorm", "patchnorm-affine-like", "patchnorm-norm-like");

    private TrainBenchmark() {}

    /**
     * The grid: for the MLP B ∈ {64, 128, 512} × W ∈ {256, 1024}, depth 2, plain and affine-like;
     * for the CNN fig9's network (batch 64, 8 channels, 3 blocks) with conv, conv-batchnorm and
     * patchnorm-affine-like. Non-null arguments narrow it.
     */
    public static List<Point> grid(Model model, Integer batch, Integer width, Integer depth, String map, Integer inputs) {
        List<Point> points = new ArrayList<>();
        boolean cnn = model == Model.CNN;
        int[] batches = batch != null ? new int[] {batch} : cnn ? new int[] {64} : new int[] {64, 128, 512};
        int[] widths = width != null ? new int[] {width} : cnn ? new int[] {8} : new int[] {256, 1024};
        String[] maps = map != null ? new String[] {map}
                : cnn ? new String[] {"conv", "conv-batchnorm", "patchnorm-affine-like"} : new String[] {"affine", "affine-like"};
        int d = depth != null ? depth : cnn ? 3 : 2;
        for (int b : batches) {
            for (int w : widths) {
                for (String m : maps) {
                    points.add(new Point(model, b, w, d, m, cnn || inputs == null ? FEATURES : inputs));
                }
            }
        }
        return points;
    }

    /** The network of a point (validating it: an unknown map names itself). */
    public static Block network(Point p) {
        return Networks.build(config(p, Precision.FLOAT32), p.inputs(), IMAGE, CLASSES);
    }

    /**
     * A point as a run: the same configuration {@code adiv train} and a sweep fill (tanh, PyTorch's
     * initialisation, the correction on every layer), trained two epochs without a validation split.
     * A layer is a method's name (batchnorm is its normaliser before a plain affine map, or in a CNN
     * after the plain convolution), a map's (structural:0.9), or for a CNN conv (the plain
     * convolution) or conv-batchnorm (followed by BatchNorm2d), the names of the PyTorch peer.
     */
    static RunConfig config(Point p, Precision precision) {
        String map = p.map();
        String norm = "none";
        if (p.model() == Model.CNN) {
            if (!CNN_LAYERS.contains(p.map()) && !Methods.catalogue().all().containsKey(p.map())) {
                throw new IllegalArgumentException(
                        "unknown CNN layer '" + p.map() + "': expected one of " + String.join(", ", CNN_LAYERS));
            }
            Method method = Methods.catalogue().all().get(p.map());
            map = p.map().startsWith("conv") ? "affine" : method.map();
            norm = p.map().equals("conv-batchnorm") ? "batchnorm" : p.map().equals("conv") ? "none" : method.norm();
        } else if (Methods.catalogue().all().containsKey(p.map())) { // a method by name, as a spec names it
            Method method = Methods.catalogue().all().get(p.map());
            map = method.map();
            norm = method.norm();
        }
        TrainConfig training = new TrainConfig(2, p.batch(), (float) RunDefaults.LR, OptimizerKind.ADAM, 1, 0, 0, 0, precision);
        return new RunConfig(p.model() == Model.CNN ? RunConfig.Model.CNN : RunConfig.Model.MLP, DatasetName.CIFAR10,
                Preprocessing.NONE, p.map(), map, norm, "tanh", p.width(), p.depth(), true, true, Init.PYTORCH, training, 0);
    }

    /** Honest FLOPs of one epoch over {@code samples} examples (see the class comment). */
    public static double flopsPerEpoch(Point p, int samples) {
        List<Double> products = new ArrayList<>(); // in·out (multiply-adds per sample) of each layer
        if (p.model() == Model.MLP) {
            int in = p.inputs();
            for (int i = 0; i <= p.depth(); i++) {
                int out = i < p.depth() ? p.width() : CLASSES;
                products.add((double) in * out);
                in = out;
            }
        } else {
            int channels = IMAGE[0];
            int side = IMAGE[1];
            for (int i = 0; i < p.depth(); i++) {
                int out = p.width() << i;
                products.add((double) channels * out * 9 * side * side);
                channels = out;
                side /= 2;
            }
            products.add((double) channels * side * side * CLASSES);
        }
        double perSample = 0;
        for (int i = 0; i < products.size(); i++) {
            perSample += (i == 0 ? 4 : 6) * products.get(i);
        }
        return perSample * samples;
    }

    /**
     * Times every point on one synthetic data set.
     *
     * @param points the grid
     * @param samples training examples per epoch
     * @param probeEvery the divergence probe watches every affine layer every this many steps (0:
     *     no probe; MLP only), to measure what probing costs
     * @param profile where to write libtorch's trace of each timed epoch (null: none)
     * @param precision the precision of the maps' products
     * @param onResult called after each point
     * @return the results in grid order
     */
    public static List<Result> run(
            List<Point> points, int samples, int probeEvery, Path profile, Precision precision, Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>();
        // One synthetic data set per input size, shared by the points that use it.
        Map<Integer, TensorDataset> sets = new HashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Point p : points) {
                TensorDataset data = sets.computeIfAbsent(p.inputs(),
                        inputs -> TensorDataset.synthetic(samples, 1000, inputs, CLASSES, manager));
                results.add(time(p, data, probeEvery, profile, precision));
                onResult.accept(results.get(results.size() - 1));
            }
        } finally {
            sets.values().forEach(TensorDataset::close);
        }
        return results;
    }

    /** Trains one point for two epochs and times the second. */
    private static Result time(Point p, TensorDataset data, int probeEvery, Path profile, Precision precision) {
        RunConfig run = config(p, precision);
        TrainConfig config = run.training();
        TrainingLoop loop;
        if (probeEvery > 0 && p.model() == Model.MLP) {
            Probe probe = new Probe(probeEvery, config.learningRate(), p.map(), r -> {});
            loop = new TrainingLoop(Networks.build(run, p.inputs(), IMAGE, CLASSES, probe, probe), config).observe(probe);
        } else {
            loop = new TrainingLoop(network(p), config);
        }
        SecondEpoch timer = new SecondEpoch(loop.phaseTimes(), profile == null ? null : profile.resolve(traceName(p)));
        EpochResult timed = loop.run(data, timer).last();
        PhaseTimes t = loop.phaseTimes();
        int samples = data.trainSize();
        double flops = flopsPerEpoch(p, samples);
        return new Result(p.model().name().toLowerCase(), p.batch(), p.width(), p.depth(), p.map(),
                precision.label(), samples, timed.seconds(), flops / 1e9, flops / timed.seconds() / 1e9,
                t.seconds(PhaseTimes.Phase.DATA), t.seconds(PhaseTimes.Phase.FORWARD),
                t.seconds(PhaseTimes.Phase.BACKWARD), t.seconds(PhaseTimes.Phase.OPTIMIZER),
                t.seconds(PhaseTimes.Phase.EVALUATION), timer.gcSeconds);
    }

    /** The trace file of a point. */
    public static String traceName(Point p) {
        return p.model().name().toLowerCase() + (p.inputs() == FEATURES ? "" : "-in" + p.inputs()) + "-B" + p.batch() + "-W" + p.width() + "-D" + p.depth() + "-" + p.map() + ".json";
    }

    /** Resets the phase times and GC count when the second epoch starts, and traces it if asked. */
    private static final class SecondEpoch implements TrainingListener {
        private final PhaseTimes phases;
        private final Path trace;
        private long gcStart;
        double gcSeconds;

        SecondEpoch(PhaseTimes phases, Path trace) {
            this.phases = phases;
            this.trace = trace;
        }

        @Override
        public void epochStarted(int epoch, int steps) {
            if (epoch == 2) {
                phases.reset();
                gcStart = gcMillis();
                if (trace != null) {
                    OpProfile.start();
                }
            }
        }

        @Override
        public void epochEnded(EpochResult result) {
            if (result.epoch() == 2) {
                gcSeconds = (gcMillis() - gcStart) / 1e3;
                if (trace != null) {
                    OpProfile.stop(trace);
                }
            }
        }

        private static long gcMillis() {
            long total = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, gc.getCollectionTime());
            }
            return total;
        }
    }

    /** The engine's float32 GEMM rate on an n×n product, GFLOP/s (median of five after one warm-up). */
    public static double gemmRate(int n) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            double[] seconds = new double[5];
            try (NDArray warm = a.matMul(b)) {
                warm.getFloat(0, 0);
            }
            for (int i = 0; i < seconds.length; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            return 2.0 * n * n * n / PairedTiming.median(seconds) / 1e9;
        }
    }
}
