package adiv.cli;

import adiv.engine.Memory;
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

    /** The plan as JSON fields; with cores, its projection onto a machine of that many. */
    static Map<String, Object> json(DryRun.Plan p, Integer cores) {
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
        DryRun.Work w = p.work();
        if (w != null) {
            Map<String, Object> work = new LinkedHashMap<>();
            work.put("epochs_per_run_fewest", w.fewestEpochs());
            work.put("epochs_per_run_most", w.mostEpochs());
            work.put("epochs_low", w.epochsLow());
            work.put("epochs_high", w.epochsHigh());
            work.put("run_seconds_low", w.low());
            work.put("run_seconds_high", w.high());
            work.put("longest_run_seconds_high", w.longestHigh());
            work.put("worker_own_bytes", w.ownPeak());
            work.put("worker_shared_bytes", w.sharedPeak());
            work.put("threads_per_run", w.threads());
            m.put("work", work);
            if (cores != null && w.threads() == 1) {
                DryRun.Projection pr = w.on(cores, p.pending().size());
                Map<String, Object> proj = new LinkedHashMap<>();
                proj.put("cores", pr.cores());
                proj.put("runs_side_by_side", pr.side());
                proj.put("seconds_low", pr.low());
                proj.put("seconds_high", pr.high());
                proj.put("memory_bytes", pr.memory());
                m.put("projection", proj);
            }
        }
        return m;
    }

    /** The plan as text; with cores, its projection onto a machine of that many. */
    static void print(PrintWriter out, DryRun.Plan p, String dir, Integer cores) {
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
        DryRun.Work w = p.work();
        if (w != null) {
            out.printf("Epochs: %s a run (%,d to %,d in all).%n", w.fewestEpochs() == w.mostEpochs() ? String.valueOf(w.mostEpochs())
                    : w.fewestEpochs() + " to " + w.mostEpochs(), w.epochsLow(), w.epochsHigh());
            if (w.ownPeak() > 0) {
                out.printf("Memory: the timing worker held %s of its own and %s shared (libraries, the mapped data);"
                        + " %s about %s; %s is available here.%n", Memory.gb(w.ownPeak()), Memory.gb(w.sharedPeak()),
                        e.side() == 1 ? "one worker needs" : e.side() + " workers together need",
                        Memory.gb(e.side() * w.ownPeak() + w.sharedPeak()), Memory.gb(Memory.available()));
            }
            if (cores != null) {
                out.println(projection(w, cores, p.pending().size()));
            }
        }
        out.flush();
    }

    /**
     * Several presets' plans added up (replicate trains them one after another): runs, time here and,
     * with cores, on a machine of that many; the memory is the most any one preset needs.
     */
    static void printTotal(PrintWriter out, List<DryRun.Plan> plans, Integer cores) {
        int runs = plans.stream().mapToInt(p -> p.pending().size()).sum();
        boolean timed = plans.stream().allMatch(p -> p.pending().isEmpty() || p.work() != null);
        out.printf("All %d presets: %,d runs to run", plans.size(), runs);
        if (!timed) {
            out.printf("; time not estimated for every preset.%n");
            out.flush();
            return;
        }
        double low = plans.stream().mapToDouble(p -> p.estimate().low()).sum();
        double high = plans.stream().mapToDouble(p -> p.estimate().high()).sum();
        out.printf(", %s to %s of training steps here", duration(low), duration(high));
        if (cores != null && plans.stream().allMatch(p -> p.work() == null || p.work().threads() == 1)) {
            double pLow = 0;
            double pHigh = 0;
            long memory = 0;
            for (DryRun.Plan p : plans) {
                if (p.work() != null) {
                    DryRun.Projection pr = p.work().on(cores, p.pending().size());
                    pLow += pr.low();
                    pHigh += pr.high();
                    memory = Math.max(memory, pr.memory());
                }
            }
            out.printf("; on %d cores as fast as these, %s to %s, memory at most about %s", cores, duration(pLow),
                    duration(pHigh), Memory.gb(memory));
        }
        out.printf(".%n");
        out.flush();
    }

    /** The plan on another machine: "On 16 cores like these, ...". */
    static String projection(DryRun.Work w, int cores, int pending) {
        if (w.threads() != 1) {
            return "On " + cores + " cores: not projected (the steps were timed on " + w.threads()
                    + " threads a run; --parallel auto times them on one).";
        }
        DryRun.Projection p = w.on(cores, pending);
        String range = Math.round(p.low()) == Math.round(p.high()) ? "about " + duration(p.high())
                : duration(p.low()) + " to " + duration(p.high());
        return String.format("On %d cores as fast as these, one run per core (%d side by side): %s of training steps;"
                + " memory about %s (%d x %s + %s shared).", cores, p.side(), range,
                p.memory() < 0 ? "not measured" : Memory.gb(p.memory()), p.side(), Memory.gb(w.ownPeak()),
                Memory.gb(w.sharedPeak()));
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
