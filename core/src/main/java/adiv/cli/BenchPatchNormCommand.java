package adiv.cli;

import adiv.bench.ConvBenchmark;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code adiv bench patchnorm}: PatchNorm's cost against a plain convolution. */
@Command(
        name = "patchnorm",
        mixinStandardHelpOptions = true,
        description = {
            "Forward+backward time (float32) of both PatchNorm forms and of conv + BatchNorm2d"
                + " against a plain 3x3 convolution, on CIFAR-shaped batches. Target: PatchNorm"
                + " within 1.25x of the plain convolution."
        })
final class BenchPatchNormCommand extends ResultCommand {

    @Mixin TimingOptions timing = new TimingOptions();

    @Override
    public Integer call() {
        timing.validate();
        PrintWriter err = spec.commandLine().getErr();
        List<ConvBenchmark.Result> results = new ArrayList<>();
        for (ConvBenchmark.Point p : ConvBenchmark.DEFAULT_POINTS) {
            results.addAll(ConvBenchmark.run(p, timing.rounds, timing.seconds, TimingOptions.progress(err, "patchnorm", p)));
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
