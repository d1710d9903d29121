package adiv.cli;

import adiv.bench.OpProfile;
import adiv.bench.TrainBenchmark;
import adiv.maps.Precision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code adiv bench train}: seconds per epoch of the paper's MLP or fig9's CNN on CIFAR-shaped data. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Seconds per epoch of the paper's MLP (depth 2, B in {64,128,512} x W in {256,1024}, plain and"
                + " affine-like) or, with --model cnn, of fig9's CNN (batch 64, 8 channels, 3 blocks; conv,"
                + " conv-batchnorm, patchnorm-affine-like) on CIFAR-shaped synthetic data, tanh, Adam; the second"
                + " of two epochs, as the PyTorch peers time it. Then the engine's 4096^2 GEMM rate and, per point,"
                + " the epoch's honest FLOPs (a first layer 4 x in x out per sample, the others 6 x), the time"
                + " those FLOPs take at the GEMM rate, and where the epoch went. Flags narrow the grid."
        })
final class BenchTrainCommand extends ResultCommand {

    @Option(names = "--model", description = "mlp (default) or cnn.")
    String model = "mlp";

    @Option(names = "--batch", description = "Only this batch size.")
    Integer batch;

    @Option(names = "--width", description = "Only this width (CNN: the first block's channels).")
    Integer width;

    @Option(names = "--depth", description = "Depth (default 2 hidden layers; CNN: 3 blocks).")
    Integer depth;

    @Option(names = {"--method", "--map"}, description = "Only this method, by the name a spec gives it (adiv methods: affine,"
            + " batchnorm, affine-like, patchnorm-affine-like, ...) or a map (structural:0.9); for the CNN also conv and"
            + " conv-batchnorm, the PyTorch peer's names for affine and batchnorm.")
    String map;

    @Option(names = "--inputs", description = "The MLP's input features (default 3,072, CIFAR-shaped; 784 as Fashion-MNIST).")
    Integer inputs;

    @Option(names = "--samples", description = "Training examples per epoch (default 50,000, a CIFAR-10 epoch).")
    int samples = TrainBenchmark.SAMPLES;

    @Option(names = "--precision", description = "Precision of the maps' products: float32 (default) or bf16.")
    String precision = "float32";

    @Option(names = "--threads", description = "Intra-op threads (default: the engine's choice).")
    int threads;

    @Option(names = "--no-gemm", description = "Skip the GEMM rate.")
    boolean noGemm;

    @Option(names = "--probe-every", description = "Train with the divergence probe every N steps (default: no probe; MLP only).")
    int probeEvery;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "Record libtorch's trace of each timed epoch in DIR (chrome://tracing format) and print"
                    + " its operators' self time by kind.")
    Path profile;

    /** What --json prints. */
    record Report(List<TrainBenchmark.Result> results, Double gemmGflops, Map<String, Map<String, Double>> profiles) {}

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
        if (inputs != null && inputs <= 0) {
            throw new UserError("--inputs must be positive, got " + inputs);
        }
        if (samples <= 0) {
            throw new UserError("--samples must be positive, got " + samples);
        }
        if (probeEvery < 0) {
            throw new UserError("--probe-every must be 0 (no probe) or more, got " + probeEvery);
        }
        TrainBenchmark.Model kind;
        try {
            kind = TrainBenchmark.Model.valueOf(model.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new UserError("--model must be mlp or cnn, got '" + model + "'");
        }
        if (inputs != null && kind == TrainBenchmark.Model.CNN) {
            throw new UserError("--inputs sets the MLP's features; fig9's CNN takes 3x32x32 images");
        }
        if (probeEvery > 0 && kind == TrainBenchmark.Model.CNN) {
            throw new UserError("--probe-every times the probe on the MLP; leave it out with --model cnn");
        }
        Precision products = TrainOptions.precision(precision);
        if (profile != null) {
            // Said before any training, so a bad directory costs nothing already computed.
            try {
                java.nio.file.Files.createDirectories(profile);
            } catch (java.io.IOException e) {
                throw new UserError("--profile: cannot create the directory " + profile + " (" + e.getClass().getSimpleName() + ")");
            }
            if (!java.nio.file.Files.isWritable(profile)) {
                throw new UserError("--profile: the directory " + profile + " is not writable");
            }
        }
        Engines.setThreads(threads);
        List<TrainBenchmark.Point> grid = TrainBenchmark.grid(kind, batch, width, depth, map, inputs);
        for (TrainBenchmark.Point p : grid) {
            try {
                TrainBenchmark.network(p);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        int[] done = {0};
        List<TrainBenchmark.Result> results = new ArrayList<>(TrainBenchmark.run(grid, samples, probeEvery, profile, products, r -> {
            err.printf("bench train %d/%d: %s B=%d W=%d D=%d %s: %.2f s/epoch%n", ++done[0], grid.size(), r.model(),
                    r.batch(), r.width(), r.depth(), r.map(), r.secondsPerEpoch());
            err.flush();
        }));
        double gemm = noGemm ? Double.NaN : TrainBenchmark.gemmRate(4096);
        Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();
        Map<String, List<OpProfile.Op>> ops = new LinkedHashMap<>();
        if (profile != null) {
            for (TrainBenchmark.Point p : grid) {
                List<OpProfile.Op> read = OpProfile.read(profile.resolve(TrainBenchmark.traceName(p)));
                ops.put(TrainBenchmark.traceName(p), read);
                Map<String, Double> byKind = new LinkedHashMap<>();
                OpProfile.byKind(read).forEach((k, v) -> byKind.put(k.name().toLowerCase(), v));
                profiles.put(TrainBenchmark.traceName(p), byKind);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, new Report(results, noGemm ? null : gemm, profiles));
            return 0;
        }
        out.printf("%s on synthetic data (%,d examples of %s), tanh, Adam 1e-3, %s products, %d intra-op threads;"
                + " second of two epochs.%n%n", kind == TrainBenchmark.Model.MLP ? "Paper MLP" : "fig9 CNN", samples,
                kind == TrainBenchmark.Model.CNN ? "3x32x32" : (inputs == null ? TrainBenchmark.FEATURES : inputs) + " features",
                products.label(), Engines.threads());
        Output.Table table = new Output.Table("B", "W", "D", "map", "s/epoch", "GFLOP", "GEMM-bound s", "x bound",
                "GEMM share", "data", "forward", "backward", "optimizer", "gc", "eval")
                .right(0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        for (TrainBenchmark.Result r : results) {
            double bound = r.gflop() / gemm;
            table.row(r.batch(), r.width(), r.depth(), r.map(), String.format("%.2f", r.secondsPerEpoch()),
                    String.format("%.1f", r.gflop()),
                    Double.isNaN(gemm) ? "-" : String.format("%.2f", bound),
                    Double.isNaN(gemm) ? "-" : String.format("%.2f", r.secondsPerEpoch() / bound),
                    Double.isNaN(gemm) ? "-" : String.format("%.0f%%", 100 * bound / r.secondsPerEpoch()),
                    String.format("%.2f", r.data()), String.format("%.2f", r.forward()),
                    String.format("%.2f", r.backward()), String.format("%.2f", r.optimizer()),
                    String.format("%.2f", r.gc()), String.format("%.2f", r.evaluation()));
        }
        table.print(out);
        if (!Double.isNaN(gemm)) {
            out.printf("%nEngine float32 GEMM, 4096^2: %.1f GFLOP/s. GEMM-bound s: the epoch's honest FLOPs at that"
                    + " rate; x bound: the epoch in those; GEMM share: the part of the epoch they would fill.%n"
                    + "Phases (s) of the timed epoch: data (selecting the batch), forward (and the loss), backward,"
                    + " optimizer (reading the loss, the update); gc overlaps them; eval follows the epoch.%n", gemm);
        }
        ops.forEach((name, list) -> {
            out.printf("%nOperators of %s (self time, s): %s%n", name, profiles.get(name));
            list.stream().limit(12).forEach(o -> out.printf("  %-44s %-26s %8d calls %8.3f s%n", o.name(),
                    o.kind().name().toLowerCase(), o.calls(), o.seconds()));
        });
        return 0;
    }
}
