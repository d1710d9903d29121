package adiv.spark;

import adiv.sweep.WorkerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One run, as a Spark task: a {@link adiv.sweep.Worker} request line in, its reply line out.
 *
 * <p>DJL's PyTorch engine lets one gradient collector work at a time in a JVM, so the executor
 * does not train in its own JVM: it keeps worker processes, one per task it runs at once, and hands
 * each task to an idle one. A worker's intra-op threads are its task's CPUs ({@code
 * spark.task.cpus}): by default one, so an executor with N cores trains N single-threaded runs at
 * once (small networks train faster so, BENCHMARKS.md); with spark.task.cpus = the executor's cores
 * it trains one run at a time with every core. Each worker maps
 * the executor machine's one byte file of a data set (adiv.data.ImageCache, made from the directory
 * Spark shipped to the executor or from a path every executor shares) and keeps it for every later
 * run: the data is held once per machine, not once per task or worker. A run in a worker process computes what the local
 * executor's worker processes compute for it.
 */
final class RunTask implements Function<String, String> {

    private static final long serialVersionUID = 1L;
    /** Marks a data set location that Spark shipped (the rest of the string is its name there). */
    static final String SHIPPED = "shipped:";

    private static final Map<String, ConcurrentLinkedQueue<WorkerProcess>> IDLE = new ConcurrentHashMap<>();
    private static final List<WorkerProcess> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunTask::closeWorkers));
    }

    /** Data set id → a path on the executors, or SHIPPED + the name Spark shipped it under. */
    private final Map<String, String> locations;

    RunTask(Map<String, String> locations) {
        this.locations = new TreeMap<>(locations);
    }

    @Override
    public String call(String request) {
        // A task's CPUs are its run's intra-op threads: spark.task.cpus, 1 unless the user sets it.
        int threads = TaskContext.get() == null ? 1 : Math.max(1, TaskContext.get().cpus());
        ConcurrentLinkedQueue<WorkerProcess> idle =
                IDLE.computeIfAbsent(locations + "/" + threads, k -> new ConcurrentLinkedQueue<>());
        WorkerProcess worker = idle.poll();
        try {
            if (worker == null || !worker.alive()) {
                worker = start(threads);
            }
            String reply = worker.send(request);
            idle.add(worker);
            return reply;
        } catch (IOException e) {
            if (worker != null) {
                worker.close();
            }
            // The driver's retry policy decides (RetryPolicy); the message carries the exit status and
            // the last lines of the worker's error output.
            throw new UncheckedIOException("adiv worker process: " + e.getMessage(), e);
        }
    }

    private WorkerProcess start(int threads) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(WorkerProcess.jvmOptions());
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("adiv.cli.Main");
        cmd.add("worker");
        locations.forEach((id, where) -> {
            cmd.add("--data-dir");
            cmd.add(id + "=" + (where.startsWith(SHIPPED) ? SparkFiles.get(where.substring(SHIPPED.length())) : where));
        });
        WorkerProcess worker = new WorkerProcess(cmd, threads);
        synchronized (ALL) {
            ALL.add(worker);
        }
        return worker;
    }

    /**
     * The class path a worker needs: this JVM's, plus the jars Spark loaded for the application
     * (spark-submit's jar or spark.jars), which live in a class loader of their own.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a local file: the worker cannot use it
                    }
                }
            }
        }
        // In local mode the tasks run in the driver, whose --plugins jars are on no loader's path.
        adiv.maps.Methods.pluginJars().forEach(j -> entries.add(j.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /** Stops this JVM's worker processes (they also stop by themselves when it exits). */
    static void closeWorkers() {
        synchronized (ALL) {
            ALL.forEach(WorkerProcess::close);
            ALL.clear();
        }
        IDLE.clear();
    }
}
