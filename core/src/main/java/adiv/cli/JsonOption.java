package adiv.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}, defined once: every command that prints results has it (README), and prints
 * JSON on standard output instead of its text when it is given. What the JSON holds is the
 * command's own, documented in README.
 */
final class JsonOption {

    @Option(names = "--json", description = "Print the result as JSON instead of text.")
    boolean on;
}
