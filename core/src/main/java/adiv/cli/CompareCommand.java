package adiv.cli;

import adiv.sweep.RunStore;
import adiv.sweep.StoreComparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adiv compare A B}: do two sweep directories hold the same runs and numbers? */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compares two sweep directories run by run (by configuration): the same runs, statuses,"
                + " per-epoch losses and accuracies, and probe records. Exit 0 when they agree (at most"
                + " --max-drifted runs with other numbers), 1 when they differ or when a run finished in"
                + " neither (or none finished at all): what never ran is not the same. Use it to check one"
                + " executor against another (e.g. --executor spark against the local one).",
            "Single-threaded runs (how sweep workers train) repeat bit for bit. Across thread"
                + " counts sums are taken in another order, and with several threads a rare run"
                + " drifts (BENCHMARKS.md, Reproducibility): --tolerance (relative) and --abs-tolerance allow"
                + " small differences, --max-drifted a number of runs whose numbers differ. When the two stores'"
                + " runs trained with other thread counts, libtorch versions or CPUs, the first line says so."
        })
final class CompareCommand extends ResultCommand {

    @Parameters(index = "0", description = "The first sweep directory.")
    Path first;

    @Parameters(index = "1", description = "The second sweep directory.")
    Path second;

    @Option(names = "--tolerance", paramLabel = "REL", description = "Largest relative difference still counted as equal:"
            + " |a-b| <= REL*max(|a|,|b|) (default: ${DEFAULT-VALUE}, exact). Relative only: a number that should be 0"
            + " (2.5e-16 against 0) needs --abs-tolerance.")
    double tolerance;

    @Option(names = "--abs-tolerance", paramLabel = "ABS", description = "Largest absolute difference still counted as"
            + " equal: |a-b| <= ABS (default: ${DEFAULT-VALUE}); two numbers are equal when either tolerance allows it.")
    double absTolerance;

    @Option(names = "--max-drifted", description = "Runs whose numbers may differ, the runs themselves being the same (default: ${DEFAULT-VALUE}).")
    int maxDrifted;

    @Override
    public Integer call() {
        if (maxDrifted < 0) {
            throw new UserError("--max-drifted must be 0 or more, got " + maxDrifted);
        }
        if (!(tolerance >= 0)) {
            throw new UserError("--tolerance must be 0 or more, got " + tolerance);
        }
        if (!(absTolerance >= 0)) {
            throw new UserError("--abs-tolerance must be 0 or more, got " + absTolerance);
        }
        SweepDirectories.requireStore(first);
        SweepDirectories.requireStore(second);
        StoreComparison c;
        try (RunStore a = RunStore.read(first);
                RunStore b = RunStore.read(second)) {
            c = StoreComparison.of(a, b, tolerance, absTolerance);
        }
        boolean agree = !c.structural() && c.drifted() <= maxDrifted && c.complete();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("same", c.same());
            o.put("agree", agree);
            o.put("runs", c.runs());
            o.put("compared", c.compared());
            o.put("identical", c.compared() - c.drifted());
            o.put("drifted", c.drifted());
            o.put("unfinished", c.unfinished());
            o.put("tolerance", tolerance);
            o.put("abs_tolerance", absTolerance);
            o.put("max_drifted", maxDrifted);
            o.put("trained_differently", c.trainedDifferently());
            o.put("differences", c.differences());
            Output.json(out, o);
            out.flush();
            return agree ? 0 : Main.FAILED;
        }
        if (!c.trainedDifferently().isEmpty()) {
            // First: the likely cause of what follows, before the verdict.
            out.printf("the stores' runs differ in how they trained: %s; %s%n", trainedDifferently(c),
                    c.same() ? "their numbers agree all the same"
                            : "expect other last digits (--tolerance, --abs-tolerance and --max-drifted loosen the comparison)");
        }
        if (c.differences().isEmpty() && !c.complete()) {
            // Runs that never finished have nothing to compare: saying "same" would pass a check that checked nothing.
            out.printf("not compared: %d runs, %d finished in both and compared%s; %d finished in neither store (queued or"
                            + " running), so their numbers could not be compared%n", c.runs(), c.compared(),
                    c.compared() == 0 ? " (nothing)" : ", every epoch and probe record equal", c.unfinished());
        } else if (c.same()) {
            out.printf("same: %d runs, %d finished in both, every epoch and probe record equal%s%n",
                    c.runs(), c.compared(), tolerance == 0 && absTolerance == 0 ? "" : " within " + tolerances());
        } else {
            out.printf("%s: %d runs, %d finished in both with the same status and rows: %d identical, %d with other numbers"
                            + " (%s, --max-drifted %d)%s; %d differences%n", agree ? "agree" : "different", c.runs(),
                    c.compared(), c.compared() - c.drifted(), c.drifted(), tolerances(), maxDrifted,
                    c.unfinished() == 0 ? "" : "; " + c.unfinished() + " finished in neither, not compared",
                    c.differences().size());
            c.differences().stream().limit(20).forEach(d -> out.println("  " + d));
            if (c.differences().size() > 20) {
                out.printf("  ... and %d more (--json lists all)%n", c.differences().size() - 20);
            }
        }
        out.flush();
        return agree ? 0 : Main.FAILED;
    }

    /** Both tolerances, as the flags that set them. */
    private String tolerances() {
        return "--tolerance " + number(tolerance) + ", --abs-tolerance " + number(absTolerance);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** "threads 2 (A) vs 1 (B); cpu X (A) vs Y (B)", A and B the directories as given. */
    private String trainedDifferently(StoreComparison c) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        c.trainedDifferently().forEach((key, sides) -> parts.add(key + " " + values(sides.first()) + " (" + first + ") vs "
                + values(sides.second()) + " (" + second + ")"));
        return String.join("; ", parts);
    }

    private static String values(java.util.List<Object> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
