package adiv.cli;

import adiv.bench.TrainBenchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adiv bench train}: seconds per epoch of the paper's MLP on CIFAR-shaped data. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Seconds per epoch and GFLOP/s (6 x samples x weights) of the paper's MLP on"
                + " CIFAR-shaped synthetic data (50,000 x 3072, 10 classes), depth 2, tanh, Adam,"
                + " over B in {64,128,512} x W in {256,1024}, plain and affine-like; then the"
                + " engine's 4096^2 GEMM rate. Flags narrow the grid."
        })
final class BenchTrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--batch", description = "Only this batch size.")
    Integer batch;

    @Option(names = "--width", description = "Only this width.")
    Integer width;

    @Option(names = "--depth", description = "Depth (default 2).")
    Integer depth;

    @Option(names = "--map", description = "Only this map.")
    String map;

    @Option(names = "--threads", description = "Intra-op threads (default: the engine's choice).")
    int threads;

    @Option(names = "--no-gemm", description = "Skip the GEMM rate.")
    boolean noGemm;

    @Option(names = "--probe-every", description = "Train with the divergence probe every N steps (default: no probe).")
    int probeEvery;

    @Override
    public Integer call() {
        for (Integer v : new Integer[] {batch, width}) {
            if (v != null && v <= 0) {
                throw new UserError("--batch and --width must be positive, got " + v);
            }
        }
        if (depth != null && depth < 0) {
            throw new UserError("--depth must be 0 or more, got " + depth);
        }
        Engines.setThreads(threads);
        List<TrainBenchmark.Point> grid = TrainBenchmark.grid(batch, width, depth, map);
        for (TrainBenchmark.Point p : grid) {
            adiv.train.MlpSpec.of(TrainBenchmark.FEATURES, TrainBenchmark.CLASSES, p.width(), p.depth(), p.map(), "none", "tanh");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<TrainBenchmark.Result> results = new ArrayList<>();
        int[] done = {0};
        if (probeEvery < 0) {
            throw new UserError("--probe-every must be 0 (no probe) or more, got " + probeEvery);
        }
        results.addAll(
                TrainBenchmark.run(
                        grid,
                        probeEvery,
                        r -> {
                            err.printf(
                                    "bench train %d/%d: B=%d W=%d D=%d %s: %.2f s/epoch, %.1f GFLOP/s%n",
                                    ++done[0], grid.size(), r.batch(), r.width(), r.depth(), r.map(),
                                    r.secondsPerEpoch(), r.gflops());
                            err.flush();
                        }));
        double gemm = noGemm ? Double.NaN : TrainBenchmark.gemmRate(4096);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, results);
            return 0;
        }
        out.printf(
                "Paper MLP on CIFAR-shaped synthetic data, tanh, Adam 1e-3, %d intra-op threads;"
                        + " second of two epochs.%n%n",
                Engines.threads());
        Output.Table table =
                new Output.Table("B", "W", "D", "map", "s/epoch", "GFLOP/s", "of GEMM").right(0, 1, 2, 4, 5, 6);
        for (TrainBenchmark.Result r : results) {
            table.row(
                    r.batch(), r.width(), r.depth(), r.map(),
                    String.format("%.2f", r.secondsPerEpoch()),
                    String.format("%.1f", r.gflops()),
                    Double.isNaN(gemm) ? "-" : String.format("%.0f%%", 100 * r.gflops() / gemm));
        }
        table.print(out);
        if (!Double.isNaN(gemm)) {
            out.printf("%nEngine float32 GEMM, 4096^2: %.1f GFLOP/s.%n", gemm);
        }
        return 0;
    }
}
