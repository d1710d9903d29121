package adiv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code adiv bench}: benchmarks; results belong in BENCHMARKS.md with the machine they ran on. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks (write results down in BENCHMARKS.md with the machine).",
        subcommands = {BenchMapsCommand.class, BenchTrainCommand.class, BenchPatchNormCommand.class,
            BenchMemoryCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a benchmark: maps, train, patchnorm or memory");
    }
}
