package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.LocalExecutor;
import adiv.sweep.ProcessExecutor;
import adiv.sweep.RunSettings;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a sweep the way the machine suits best: in this process, or in several worker processes at
 * once. With {@code --parallel auto} it measures: the first pending run's first steps, as one
 * worker with every core's thread and as one single-threaded worker per core, and takes the faster.
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
    static int run(SweepSpec spec, RunStore store, Map<DatasetName, Path> dirs, int parallel,
            LocalExecutor.Listener listener, PrintWriter err) {
        Consumer<String> log = line -> {
            err.println("adiv: " + line);
            err.flush();
        };
        int cores = Runtime.getRuntime().availableProcessors();
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store);
        List<StoredRun> pending = plan.pending();
        int workers = parallel;
        int decided = parallel;
        if (parallel == 0) {
            boolean measure = pending.size() >= 4 && cores >= 2;
            workers = measure ? choose(plan.byHash().get(pending.get(0).hash()), dirs, cores, log) : 1;
            decided = measure ? workers : 0;
        }
        if (workers == 1) {
            new LocalExecutor(dirs, SweepCommand.machine(), Version.get()).run(spec, store, listener, log);
        } else {
            new ProcessExecutor(workerCommand(dirs), workers, Math.max(1, cores / workers),
                    SweepCommand.machine(), Version.get()).run(spec, store, listener, log);
        }
        return decided;
    }

    /** Measures 1 × cores threads against cores × 1 thread on the first pending run. */
    private static int choose(RunSettings first, Map<DatasetName, Path> dirs, int cores, Consumer<String> log) {
        List<String> cmd = workerCommand(dirs);
        long steps = 60;
        double one = ProcessExecutor.throughput(cmd, 1, cores, first, steps);
        double many = ProcessExecutor.throughput(cmd, cores, 1, first, steps);
        int workers = Double.isFinite(many) && (!Double.isFinite(one) || many > one) ? cores : 1;
        log.accept(String.format(
                "scheduler: %d run x %d threads: %.0f steps/s; %d runs x 1 thread: %.0f steps/s; running %d at a time",
                1, cores, one, cores, many, workers));
        return workers;
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
