package adiv.cli;

import adiv.bench.ConvBenchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adiv bench patchnorm}: PatchNorm's cost against a plain convolution. */
@Command(
        name = "patchnorm",
        mixinStandardHelpOptions = true,
        description = {
            "Forward+backward time (float32) of both PatchNorm forms and of conv + BatchNorm2d"
                + " against a plain 3x3 convolution, on CIFAR-shaped batches. Target: PatchNorm"
                + " within 1.25x of the plain convolution."
        })
final class BenchConvCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--rounds", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 11;

    @Option(names = "--seconds", description = "Seconds per block per round (default: ${DEFAULT-VALUE}).")
    double seconds = 0.15;

    @Override
    public Integer call() {
        if (rounds < 1 || !(seconds > 0)) {
            throw new UserError("--rounds must be at least 1 and --seconds positive");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<ConvBenchmark.Result> results = new ArrayList<>();
        for (ConvBenchmark.Point p : ConvBenchmark.DEFAULT_POINTS) {
            results.addAll(ConvBenchmark.run(p, rounds, seconds, (d, t) -> {
                err.printf("\rbench patchnorm %s: round %d/%d", p, d, t);
                err.flush();
            }));
            err.println();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, results);
            return 0;
        }
        Output.Table table = new Output.Table("block", "B", "in", "out", "size", "ms/iter", "x conv").right(1, 2, 3, 4, 5, 6);
        for (ConvBenchmark.Result r : results) {
            table.row(r.block(), r.batch(), r.in(), r.out(), r.size(), String.format("%.2f", r.millis()), String.format("%.3f", r.vsConv()));
        }
        table.print(out);
        return 0;
    }
}
