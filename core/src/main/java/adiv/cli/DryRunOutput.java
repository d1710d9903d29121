package adiv.cli;

import adiv.maps.Methods;
import adiv.sweep.Claim;
import adiv.sweep.DryRun;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code --dry-run} prints: the plan of a sweep, as text or JSON fields. */
final class DryRunOutput {

    private DryRunOutput() {}

    /** The plan as JSON fields. */
    static Map<String, Object> json(DryRun.Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.spec().name());
        m.put("runs", p.runs().size());
        m.put("pending", p.pending().size());
        m.put("methods", p.methods().stream().map(u -> {
            Map<String, Object> r = MethodsCommand.row(Methods.catalogue(), u.method());
            r.put("runs", u.runs());
            return r;
        }).toList());
        m.put("claims", p.spec().claims().stream().map(c -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("test", c.testName()); // as the spec names it (lower, not worse)
            r.put("method", c.method());
            r.put("against", c.against());
            return r;
        }).toList());
        DryRun.Estimate e = p.estimate();
        Map<String, Object> est = new LinkedHashMap<>();
        est.put("seconds_low", e.failure() == null ? e.low() : null);
        est.put("seconds_high", e.failure() == null ? e.high() : null);
        est.put("networks_timed", e.measured());
        est.put("networks", e.networks());
        est.put("runs_side_by_side", e.side());
        est.put("parallel", e.auto() ? "auto" : e.parallel());
        est.put("threads_per_run", e.threads());
        est.put("cores", e.cores());
        est.put("not_timed_because", e.failure());
        m.put("estimate", est);
        return m;
    }

    /** The plan as text. */
    static void print(PrintWriter out, DryRun.Plan p, String dir) {
        out.printf("%s: %d runs, %d to run%s (dry run: nothing was trained or written)%n", p.spec().name(),
                p.runs().size(), p.pending().size(),
                p.pending().size() < p.runs().size() ? ", the rest already finished in " + dir : "");
        out.printf("%nMethods:%n");
        Output.Table methods = new Output.Table("method", "from", "map", "norm", "lr x", "runs").right(4, 5);
        p.methods().forEach(u -> methods.row(u.method().name(), u.method().origin(), u.method().map(), u.method().norm(),
                String.valueOf(u.method().lrScale()), String.valueOf(u.runs())));
        methods.print(out);
        List<Claim> claims = p.spec().claims();
        out.printf("%nClaims:%s%n", claims.isEmpty() ? " none" : "");
        if (!claims.isEmpty()) {
            Output.Table t = new Output.Table("claim", "test", "method", "against");
            claims.forEach(c -> t.row(c.id(), c.testName(), c.method(), String.join(", ", c.against())));
            t.print(out);
        }
        DryRun.Estimate e = p.estimate();
        if (p.pending().isEmpty()) {
            out.printf("%nNothing to run.%n");
        } else if (e.failure() != null) {
            out.printf("%nTime: not estimated (%s).%n", e.failure());
        } else {
            String range = Math.round(e.low()) == Math.round(e.high()) ? "about " + duration(e.high())
                    : duration(e.low()) + " (every run stopping as early as its patience allows) to " + duration(e.high())
                            + " (every run training max_epochs)";
            out.printf("%nTime, %s: %s of training steps; evaluation adds a little. Timed on %d of %d networks over %d"
                    + " steps each.%n", layout(e), range, e.measured(), e.networks(), DryRun.STEPS);
        }
        out.flush();
    }

    /** How the runs would train, as --parallel has them: "2 runs side by side on one thread each (...)". */
    static String layout(DryRun.Estimate e) {
        String threads = e.threads() == 1 ? "one thread" : e.threads() + " threads";
        String runs = e.side() == 1 ? "1 run at a time on " + threads
                : e.side() + " runs side by side on " + threads + " each";
        if (e.auto()) {
            return runs + " (--parallel auto: one per core of this machine's " + e.cores() + (e.side() < e.cores()
                    ? ", for the " + e.side() + " run" + (e.side() == 1 ? "" : "s") + " to do" : "")
                    + "; the sweep takes one run on every core instead where that is faster)";
        }
        return runs + " (--parallel " + e.parallel() + (e.side() > e.cores() ? ": they share this machine's " + e.cores()
                + " cores, " + e.cores() + " training at once" : "") + ")";
    }

    /** Seconds as a person reads them. */
    private static String duration(double seconds) {
        return adiv.sweep.RetryPolicy.format(java.time.Duration.ofSeconds(Math.round(seconds)));
    }
}
