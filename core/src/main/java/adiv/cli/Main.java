package adiv.cli;

import adiv.maps.Methods;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code adiv} command line. Exit codes: 0 success, 1 a check or run failed, 2 bad input. */
@Command(
        name = "adiv",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "The affine divergence: corrected affine maps, their theory, training and benchmarks.",
        subcommands = {ReplicateCommand.class, PresetCommand.class, MethodsCommand.class, PluginCommand.class, TheoryCommand.class, TrainCommand.class, ProbeCommand.class, SweepCommand.class, StatusCommand.class, ReportCommand.class, CompareCommand.class, DataCommand.class, BenchCommand.class, WorkerCommand.class})
public final class Main implements Runnable {

    /** Exit status when a check or a run failed. */
    public static final int FAILED = 1;

    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Loads plug-in methods from a directory of jars (every command takes it). */
    @CommandLine.Option(names = "--plugins", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "A directory of plug-in jars (or one jar) whose methods every command can use by name;"
                    + " also read from $" + Methods.PLUGINS_ENV + ". adiv methods lists them.")
    void plugins(java.nio.file.Path dir) {
        Methods.usePlugins(dir); // read when a command first needs a method: a bad DIR is one line there
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with adiv's error handling. */
    public static CommandLine commandLine() {
        Methods.usePlugins(null); // until this command line's --plugins says otherwise
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
