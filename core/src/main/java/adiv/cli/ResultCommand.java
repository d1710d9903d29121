package adiv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that prints results. Each has {@code --json} (README: every such command does), defined
 * here once: JSON on standard output instead of text, what it holds documented per command in
 * README. Output goes through the command line's streams, so that tests and callers capture it.
 */
abstract class ResultCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON instead of text.")
    boolean json;
}
