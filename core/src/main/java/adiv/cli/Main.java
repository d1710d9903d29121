package adiv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code adiv} command line. Exit codes: 0 success, 1 a check or run failed, 2 bad input. */
@Command(
        name = "adiv",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "The affine divergence: corrected affine maps, their theory, training and benchmarks.",
        subcommands = {ReplicateCommand.class, TheoryCommand.class, TrainCommand.class, ProbeCommand.class, SweepCommand.class, StatusCommand.class, ReportCommand.class, CompareCommand.class, DataCommand.class, BenchCommand.class, WorkerCommand.class})
public final class Main implements Runnable {

    /** Exit status when a check or a run failed. */
    public static final int FAILED = 1;

    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with adiv's error handling. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
