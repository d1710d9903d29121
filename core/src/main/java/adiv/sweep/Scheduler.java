package adiv.sweep;

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
        if (parallel != AUTO) {
            return new Layout(parallel, threads(cores, parallel), parallel);
        }
        List<StoredRun> pending = plan.pending();
        if (pending.size() < MEASURE_FROM || cores < 2 || control.stop().requested()) {
            return new Layout(1, cores, AUTO);
        }
        int runs = choose(plan.byHash().get(pending.get(0).hash()), workerCommand, cores, control.log());
        return new Layout(runs, threads(cores, runs), runs);
    }

    private static int threads(int cores, int runs) {
        return Math.max(1, cores / runs);
    }

    /** Measures 1 run × cores threads against cores runs × 1 thread on one run. */
    private static int choose(RunSettings first, List<String> cmd, int cores, Consumer<String> log) {
        ProcessExecutor.Throughput one = ProcessExecutor.throughput(cmd, 1, cores, first, STEPS);
        ProcessExecutor.Throughput many = ProcessExecutor.throughput(cmd, cores, 1, first, STEPS);
        if (!one.measured() && !many.measured()) {
            log.accept("scheduler: the measurement failed (" + firstLine(one.failure()) + "); running 1 run at a time"
                    + " with " + cores + " threads (--parallel N chooses)");
            return 1;
        }
        if (!one.measured() || !many.measured()) {
            ProcessExecutor.Throughput failed = one.measured() ? many : one;
            int chosen = one.measured() ? 1 : cores;
            log.accept(String.format("scheduler: %s could not be measured (%s); running %d at a time (--parallel N chooses)",
                    one.measured() ? cores + " runs x 1 thread" : "1 run x " + cores + " threads",
                    firstLine(failed.failure()), chosen));
            return chosen;
        }
        int runs = many.stepsPerSecond() > one.stepsPerSecond() ? cores : 1;
        log.accept(String.format(
                "scheduler: %d run x %d threads: %.0f steps/s; %d runs x 1 thread: %.0f steps/s; running %d at a time",
                1, cores, one.stepsPerSecond(), cores, many.stepsPerSecond(), runs));
        return runs;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
