package adiv.bench;

import adiv.data.TensorDataset;
import adiv.probe.Probe;
import adiv.train.EpochResult;
import adiv.train.MlpBuilder;
import adiv.train.MlpSpec;
import adiv.train.OptimizerKind;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Seconds per training epoch of the paper's MLP on CIFAR-shaped data (50,000 × 3,072 synthetic
 * values, 10 classes): tanh, Adam at 1e-3, the same network and protocol as the PyTorch peer
 * (../shared/peers/torch_mlp.py). Each point trains two epochs and reports the second, as the peer
 * does. GFLOP/s counts 6 × samples × weights (the weights of the affine layers, biases excluded),
 * the peer's formula.
 */
public final class TrainBenchmark {

    /** One point of the grid. */
    public record Point(int batch, int width, int depth, String map) {}

    /** Its timing. */
    public record Result(
            int batch, int width, int depth, String map, double secondsPerEpoch, double gflops) {}

    public static final int SAMPLES = 50_000;
    public static final int FEATURES = 3072;
    public static final int CLASSES = 10;

    private TrainBenchmark() {}

    /** The grid: B ∈ {64, 128, 512} × W ∈ {256, 1024}, depth 2, plain and affine-like. */
    public static List<Point> grid(Integer batch, Integer width, Integer depth, String map) {
        List<Point> points = new ArrayList<>();
        for (int b : batch == null ? new int[] {64, 128, 512} : new int[] {batch}) {
            for (int w : width == null ? new int[] {256, 1024} : new int[] {width}) {
                for (String m : map == null ? new String[] {"affine", "affine-like"} : new String[] {map}) {
                    points.add(new Point(b, w, depth == null ? 2 : depth, m));
                }
            }
        }
        return points;
    }

    /** Multiply-adds × 2 per sample per epoch step, × 3 for forward and backward: 6·Σ in·out. */
    public static double flopsPerEpoch(Point p) {
        double weights = (double) FEATURES * p.width()
                + (double) (p.depth() - 1) * p.width() * p.width()
                + (double) p.width() * CLASSES;
        if (p.depth() == 0) {
            weights = (double) FEATURES * CLASSES;
        }
        return 6.0 * SAMPLES * weights;
    }

    /**
     * Times every point on one synthetic data set.
     *
     * @param points the grid
     * @param onResult called after each point
     * @return the results in grid order
     */
    public static List<Result> run(List<Point> points, java.util.function.Consumer<Result> onResult) {
        return run(points, 0, onResult);
    }

    /**
     * As {@link #run(List, java.util.function.Consumer)}, with the divergence probe watching every
     * affine layer every {@code probeEvery} steps (0: no probe), to measure what probing costs.
     */
    public static List<Result> run(
            List<Point> points, int probeEvery, java.util.function.Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.synthetic(SAMPLES, 1000, FEATURES, CLASSES, manager)) {
            for (Point p : points) {
                MlpSpec spec = MlpSpec.of(FEATURES, CLASSES, p.width(), p.depth(), p.map(), "none", "tanh");
                TrainConfig config = new TrainConfig(2, p.batch(), 1e-3f, OptimizerKind.ADAM, 1);
                RunResult run;
                if (probeEvery > 0) {
                    Probe probe = new Probe(probeEvery, config.learningRate(), p.map(), r -> {});
                    run = new TrainingLoop(MlpBuilder.build(spec, probe), config)
                            .observe(probe)
                            .run(data, adiv.train.TrainingListener.NONE);
                } else {
                    run = new TrainingLoop(MlpBuilder.build(spec), config)
                            .run(data, adiv.train.TrainingListener.NONE);
                }
                EpochResult timed = run.last();
                Result r = new Result(
                        p.batch(), p.width(), p.depth(), p.map(), timed.seconds(),
                        flopsPerEpoch(p) / timed.seconds() / 1e9);
                results.add(r);
                onResult.accept(r);
            }
        }
        return results;
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
