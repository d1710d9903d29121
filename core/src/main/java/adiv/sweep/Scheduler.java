package adiv.sweep;

import adiv.engine.Memory;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a sweep's runs share the machine: one run at a time with every core's threads, or one
 * single-threaded run per core. Asked to choose ({@link #AUTO}), it measures both layouts on the
 * first pending run's training steps and takes the faster; the CLI only passes the user's
 * {@code --parallel}.
 */
public final class Scheduler {

    /** Choose by measuring. */
    public static final int AUTO = 0;

    /**
     * Training steps each layout is timed over. A single-threaded step of fig1's MLP takes about
     * 1 ms: fewer are noise, and timing a whole short run instead would weigh its evaluation, which
     * favours more threads, over its steps (BENCHMARKS.md, "The scheduler's measurement").
     */
    static final long STEPS = 200;

    /** Fewer pending runs than this are not worth a measurement: they run one at a time. */
    static final int MEASURE_FROM = 4;

    /**
     * A layout: runs at a time and each one's intra-op threads.
     *
     * @param runs runs at a time
     * @param threads intra-op threads per run
     * @param measured the runs at a time a measurement chose (for the next sweep of the same command to
     *     reuse), or {@link #AUTO} when nothing was measured
     */
    public record Layout(int runs, int threads, int measured) {}

    private Scheduler() {}

    /**
     * The layout of a sweep.
     *
     * @param parallel runs at a time, or {@link #AUTO} to measure
     * @param plan the sweep's pending runs
     * @param workerCommand how to start a worker process
     * @param cores the machine's cores
     * @param control where the scheduler's findings are logged, and whether the sweep is stopping
     */
    public static Layout layout(int parallel, LocalExecutor.Plan plan, List<String> workerCommand, int cores,
            SweepControl control) {
        return layout(parallel, plan, workerCommand, cores, Memory.available(), control);
    }

    /** As {@link #layout(int, LocalExecutor.Plan, List, int, SweepControl)}, with this much memory available. */
    static Layout layout(int parallel, LocalExecutor.Plan plan, List<String> workerCommand, int cores, long available,
            SweepControl control) {
        List<StoredRun> pending = plan.pending();
        if (parallel != AUTO) {
            if (parallel > 1 && !pending.isEmpty() && !control.stop().requested()
                    && (available < 0 || parallel * ROOMY > available)) {
                warnIfShort(parallel, heaviest(plan), workerCommand, available, control.log());
            }
            return new Layout(parallel, threads(cores, parallel), parallel);
        }
        if (pending.size() < MEASURE_FROM || cores < 2 || control.stop().requested()) {
            return new Layout(1, cores, AUTO);
        }
        int runs = choose(plan.byHash().get(pending.get(0).hash()), heaviest(plan), workerCommand, cores, available,
                control.log());
        return new Layout(runs, threads(cores, runs), runs);
    }

    /**
     * Per worker, more than any worker measured so far has held (BENCHMARKS.md, "Memory per worker"):
     * workers that fit at this much each need no measurement of their memory.
     */
    static final long ROOMY = 3_000_000_000L;

    /** The share of the available memory a sweep's workers may plan to take: the rest is margin. */
    static final double MEMORY_SHARE = 0.9;

    /**
     * How many workers of this measured memory fit in what is available: each its own pages, the file
     * pages they share once; {@link Integer#MAX_VALUE} where memory could not be read.
     */
    static int fits(long own, long shared, long available) {
        if (own <= 0 || available < 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) ((MEMORY_SHARE * available - Math.max(0, shared)) / own)));
    }

    /**
     * The pending run likely to hold the most memory, the one measured for it: a convolutional
     * network before an MLP, then the largest batch × width.
     */
    static RunSettings heaviest(LocalExecutor.Plan plan) {
        return plan.pending().stream().map(p -> plan.byHash().get(p.hash())).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.comparing((RunSettings r) -> r.cnn())
                        .thenComparingLong(r -> (long) r.trainConfig().batch() * r.runConfig().width()))
                .orElseThrow();
    }

    private static void warnIfShort(int parallel, RunSettings heaviest, List<String> cmd, long available,
            Consumer<String> log) {
        ProcessExecutor.Throughput one = ProcessExecutor.throughput(cmd, 1, 1, heaviest, STEPS);
        int fit = fits(one.ownPeak(), one.sharedPeak(), available);
        if (fit < parallel) {
            log.accept(String.format("warning: --parallel %d: a worker holds about %s of its own (and %s shared by all);"
                    + " %s is available, which fits %d at a time; going on with %d as asked", parallel,
                    Memory.gb(one.ownPeak()), Memory.gb(one.sharedPeak()), Memory.gb(available), fit, parallel));
        }
    }

    private static int threads(int cores, int runs) {
        return Math.max(1, cores / runs);
    }

    /**
     * Measures 1 run × cores threads against cores runs × 1 thread on one run, and the memory a worker
     * holds on the heaviest run: no more runs at a time than fit in the memory available (each with
     * the cores left to it as threads).
     */
    private static int choose(RunSettings first, RunSettings heaviest, List<String> cmd, int cores, long available,
            Consumer<String> log) {
        ProcessExecutor.Throughput one = ProcessExecutor.throughput(cmd, 1, cores, first, STEPS);
        ProcessExecutor.Throughput weight = heaviest.equals(first) ? one : ProcessExecutor.throughput(cmd, 1, 1, heaviest, STEPS);
        int fit = fits(weight.ownPeak(), weight.sharedPeak(), available);
        int side = Math.max(1, Math.min(cores, fit));
        if (weight.ownPeak() > 0 && available >= 0) {
            log.accept(String.format("scheduler: a worker holds about %s of its own and %s shared by all (measured on %s,"
                    + " batch %d); %s available fits %s at a time%s", Memory.gb(weight.ownPeak()),
                    Memory.gb(weight.sharedPeak()), heaviest.method(), heaviest.trainConfig().batch(),
                    Memory.gb(available), fit == Integer.MAX_VALUE ? "any number" : String.valueOf(fit),
                    side < cores ? ": at most " + side + " on this machine's " + cores + " cores" : ""));
        }
        if (side == 1) {
            log.accept("scheduler: running 1 run at a time with " + cores + " threads");
            return 1;
        }
        int threads = threads(cores, side);
        ProcessExecutor.Throughput many = ProcessExecutor.throughput(cmd, side, threads, first, STEPS);
        if (!one.measured() && !many.measured()) {
            log.accept("scheduler: the measurement failed (" + firstLine(one.failure()) + "); running 1 run at a time"
                    + " with " + cores + " threads (--parallel N chooses)");
            return 1;
        }
        if (!one.measured() || !many.measured()) {
            ProcessExecutor.Throughput failed = one.measured() ? many : one;
            int chosen = one.measured() ? 1 : side;
            log.accept(String.format("scheduler: %s could not be measured (%s); running %d at a time (--parallel N chooses)",
                    one.measured() ? side + " runs x " + threads + " thread" + (threads == 1 ? "" : "s")
                            : "1 run x " + cores + " threads",
                    firstLine(failed.failure()), chosen));
            return chosen;
        }
        int runs = many.stepsPerSecond() > one.stepsPerSecond() ? side : 1;
        log.accept(String.format(
                "scheduler: %d run x %d threads: %.0f steps/s; %d runs x %d thread%s: %.0f steps/s; running %d at a time",
                1, cores, one.stepsPerSecond(), side, threads, threads == 1 ? "" : "s", many.stepsPerSecond(), runs));
        return runs;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
