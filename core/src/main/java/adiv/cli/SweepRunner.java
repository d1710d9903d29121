package adiv.cli;

import adiv.data.DatasetName;
import adiv.data.ImageCache;
import adiv.maps.Methods;
import adiv.sweep.LocalExecutor;
import adiv.sweep.ProcessExecutor;
import adiv.sweep.RunStore;
import adiv.sweep.Scheduler;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepSpec;
import adiv.sweep.WorkerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a sweep in worker processes, as many at a time as {@code --parallel} says or the
 * {@link Scheduler} measures ({@code --parallel auto}). Training always happens in worker
 * processes, so that a crash, a hang or a run over its time limit costs one attempt of one run,
 * never the sweep. What is the CLI's here: parsing the flag, the data directories, and how to start
 * a worker (this JVM, this class path, {@code adiv worker}).
 */
final class SweepRunner {

    private SweepRunner() {}

    /** Parses --parallel: "auto" or a positive count. */
    static int parallel(String value) {
        if (value.equals("auto")) {
            return Scheduler.AUTO;
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
     * Runs the sweep in the layout the {@link Scheduler} gives.
     *
     * @param parallel runs at a time, or {@link Scheduler#AUTO} to measure
     * @return the runs at a time that a measurement chose (for the next sweep of the same command
     *     to reuse), or the given value when nothing was measured
     */
    static int run(SweepSpec spec, RunStore store, Map<DatasetName, Path> dirs, int parallel, SweepControl control) {
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store, control.retries());
        prepareData(spec.runs().stream().map(r -> r.dataset()).distinct().toList(), dirs, control.log());
        List<String> workerCommand = workerCommand(dirs);
        Scheduler.Layout layout = Scheduler.layout(parallel, plan, workerCommand,
                Runtime.getRuntime().availableProcessors(), control);
        new ProcessExecutor(workerCommand, layout.runs(), layout.threads(), SweepCommand.machine(), Version.get())
                .run(spec, store, control);
        return layout.measured();
    }

    /**
     * Makes (or checks) each data set's file in {@link ImageCache} before any worker starts, so that
     * the workers map it and none reads the data set itself; says what was done.
     *
     * @return each data set's file (null where its bytes could only be kept in memory)
     */
    static List<Path> prepareData(java.util.Collection<DatasetName> names, Map<DatasetName, Path> dirs,
            java.util.function.Consumer<String> log) {
        List<Path> files = new ArrayList<>();
        for (DatasetName name : names) {
            ImageCache.Opened opened = ImageCache.open(name, dirs.get(name));
            log.accept(name.id() + ": " + opened.note());
            files.add(opened.bytes().file());
        }
        return files;
    }

    /** How to start a worker: this JVM's java, this classpath (and the plug-ins'), the worker command. */
    static List<String> workerCommand(Map<DatasetName, Path> dirs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(WorkerProcess.jvmOptions());
        cmd.add("-cp");
        // Plug-in jars (--plugins) go on the worker's class path, where its catalogue finds them.
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        Methods.pluginJars().forEach(j -> cp.append(java.io.File.pathSeparator).append(j));
        cmd.add(cp.toString());
        cmd.add(Main.class.getName());
        cmd.add("worker");
        dirs.forEach((name, dir) -> {
            cmd.add("--data-dir");
            cmd.add(name.id() + "=" + dir.toAbsolutePath());
        });
        return cmd;
    }
}
