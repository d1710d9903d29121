package adiv.cli;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Option;

/**
 * The options of an interleaved timing ({@code bench maps}, {@code bench patchnorm}): how many
 * rounds and how long each block runs per round.
 */
final class TimingOptions {

    @Option(names = "--rounds", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 11;

    @Option(names = "--seconds", description = "Seconds per block per round (default: ${DEFAULT-VALUE}).")
    double seconds = 0.15;

    /** Refuses a round count below 1 or a time that is not positive. */
    void validate() {
        if (rounds < 1) {
            throw new UserError("--rounds must be at least 1, got " + rounds);
        }
        if (!(seconds > 0)) {
            throw new UserError("--seconds must be positive, got " + seconds);
        }
    }

    /** Reports rounds done on one line of err: {@code bench WHAT POINT: round d/t}. */
    static BiConsumer<Integer, Integer> progress(PrintWriter err, String what, Object point) {
        return (done, total) -> {
            err.printf("\rbench %s %s: round %d/%d", what, point, done, total);
            err.flush();
        };
    }
}
