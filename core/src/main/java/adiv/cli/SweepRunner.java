package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.LocalExecutor;
import adiv.sweep.ProcessExecutor;
import adiv.sweep.RunSettings;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a sweep the way the machine suits best: in worker processes, one with every core's threads
 * or one single-threaded worker per core. With {@code --parallel auto} it measures the first pending
 * run's first steps both ways and takes the faster. Training always happens in worker processes, so
 * that a crash, a hang or a run over its time limit costs one attempt of one run, never the sweep.
 */
final class SweepRunner {

    private SweepRunner() {}

    /** Parses --parallel: "auto" or a positive count. */
    static int parallel(String value) {
        if (value.equals("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserError("--parallel must be auto or a positive number of runs at a time, got '" + value + "'");
    }

    /**
     * Runs the sweep.
     *
     * @param parallel runs at a time, or 0 to measure
     * @return the runs at a time that a measurement chose (for the next sweep of the same command
     *     to reuse), or the given value when nothing was measured
     */
    static int run(SweepSpec spec, RunStore store, Map<DatasetName, Path> dirs, int parallel, SweepControl control) {
        int cores = Runtime.getRuntime().availableProcessors();
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store, control.retries());
        List<StoredRun> pending = plan.pending();
        checkData(plan, dirs);
        int workers = parallel;
        int decided = parallel;
        if (parallel == 0) {
            boolean measure = pending.size() >= 4 && cores >= 2 && !control.stop().requested();
            workers = measure ? choose(plan.byHash().get(pending.get(0).hash()), dirs, cores, control.log()) : 1;
            decided = measure ? workers : 0;
        }
        new ProcessExecutor(workerCommand(dirs), workers, Math.max(1, cores / workers),
                SweepCommand.machine(), Version.get()).run(spec, store, control);
        return decided;
    }

    /**
     * A data set the workers could not find is the user's mistake, said once here (exit 2) rather
     * than as every run's failure: a missing one is loaded here only to raise its precise error.
     */
    private static void checkData(LocalExecutor.Plan plan, Map<DatasetName, Path> dirs) {
        java.util.Set<DatasetName> seen = java.util.EnumSet.noneOf(DatasetName.class);
        for (StoredRun r : plan.pending()) {
            DatasetName name = plan.byHash().get(r.hash()).dataset();
            if (seen.add(name) && !name.present(dirs.get(name))) {
                name.load(dirs.get(name));
            }
        }
    }

    /** Measures 1 × cores threads against cores × 1 thread on the first pending run. */
    private static int choose(RunSettings first, Map<DatasetName, Path> dirs, int cores, Consumer<String> log) {
        List<String> cmd = workerCommand(dirs);
        long steps = 200; // a single-threaded step of fig1's MLP takes about 1 ms: fewer are noise
        ProcessExecutor.Throughput one = ProcessExecutor.throughput(cmd, 1, cores, first, steps);
        ProcessExecutor.Throughput many = ProcessExecutor.throughput(cmd, cores, 1, first, steps);
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
        int workers = many.stepsPerSecond() > one.stepsPerSecond() ? cores : 1;
        log.accept(String.format(
                "scheduler: %d run x %d threads: %.0f steps/s; %d runs x 1 thread: %.0f steps/s; running %d at a time",
                1, cores, one.stepsPerSecond(), cores, many.stepsPerSecond(), workers));
        return workers;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** How to start a worker: this JVM's java, this classpath, the worker command. */
    static List<String> workerCommand(Map<DatasetName, Path> dirs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("worker");
        dirs.forEach((name, dir) -> {
            cmd.add("--data-dir");
            cmd.add(name.id() + "=" + dir.toAbsolutePath());
        });
        return cmd;
    }
}
