package adiv.spark;

import adiv.data.DatasetName;
import adiv.maps.Methods;
import adiv.sweep.Dispatcher;
import adiv.sweep.ExecutorLost;
import adiv.sweep.LocalExecutor;
import adiv.sweep.RunProgress;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepExecutor;
import adiv.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a sweep's pending runs on a Spark cluster: each run is one Spark job of one task, and as each
 * finishes its reply comes back to this driver, which writes it into the run store at once. So the
 * store is the same as the other executors' (and a killed driver loses only the runs in flight):
 * runs already done are never submitted again.
 *
 * <p>Data: by default each data set's directory is shipped once per executor as an archive ({@code
 * addArchive}, unpacked by Spark on each executor); with {@code shipData = false} every executor
 * reads it from the driver's path, which must then be on a file system they share. Each task trains
 * its run in a worker process the executor keeps, with the task's CPUs as intra-op threads (see
 * {@link RunTask}).
 */
public final class SparkExecutor implements SweepExecutor, AutoCloseable {

    /** The jars executors need, comma-separated, as ./adiv passes them. */
    static final String JARS_PROPERTY = "adiv.spark.jars";

    private final JavaSparkContext sc;
    private final Map<DatasetName, Path> dataDirs;
    private final boolean shipData;
    private final String machine;
    private final String version;
    private final Map<String, String> locations = new HashMap<>();
    /** Why the last executor went away, as the cluster said (an executor that could not start says why). */
    private volatile String lastExecutorLoss;

    /**
     * @param conf the Spark configuration (master included)
     * @param dataDirs a directory per data set, where it is not in its usual place
     * @param shipData ship each data directory to the executors (else they read the same path)
     * @param machine stored with every run as where it was recorded
     * @param version adiv's version, stored with every run
     */
    public SparkExecutor(SparkConf conf, Map<DatasetName, Path> dataDirs, boolean shipData, String machine, String version) {
        SparkConf c = conf.clone();
        c.setIfMissing("spark.app.name", "adiv sweep");
        c.setIfMissing("spark.ui.enabled", "false");
        // adiv's retry policy is the one in force (RetryPolicy): Spark does not retry a task itself.
        c.setIfMissing("spark.task.maxFailures", "1");
        // Started by ./adiv rather than spark-submit: the executors get adiv's jars (the core, DJL,
        // libtorch, this module) from this driver, once each. Under spark-submit the cluster jar is there.
        String jars = System.getProperty(JARS_PROPERTY);
        if (jars != null && !jars.isBlank() && !isLocal(c) && !c.contains("spark.jars")) {
            c.set("spark.jars", jars);
        }
        // Plug-in jars (--plugins) go to every executor, whose worker processes find their methods.
        if (!isLocal(c) && !Methods.pluginJars().isEmpty()) {
            String plugins = String.join(",", Methods.pluginJars().stream().map(Object::toString).toList());
            c.set("spark.jars", c.contains("spark.jars") ? c.get("spark.jars") + "," + plugins : plugins);
        }
        requireReachable(c.get("spark.master", ""));
        try {
            this.sc = new JavaSparkContext(c);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Spark could not start with master '" + c.get("spark.master", "")
                    + "': " + e.getMessage(), e);
        }
        this.dataDirs = dataDirs;
        this.shipData = shipData;
        this.machine = machine;
        this.version = version;
        sc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onExecutorRemoved(org.apache.spark.scheduler.SparkListenerExecutorRemoved removed) {
                lastExecutorLoss = "executor " + removed.executorId() + ": "
                        + String.valueOf(removed.reason()).lines().findFirst().orElse("").strip();
            }
        });
    }

    private static boolean isLocal(SparkConf conf) {
        return conf.get("spark.master", "").startsWith("local");
    }

    /** {@inheritDoc} */
    @Override
    public int run(SweepSpec spec, RunStore store, SweepControl control) {
        try {
            return runPending(spec, store, control);
        } catch (RuntimeException e) {
            if (sc.sc().isStopped()) {
                throw lost(store, e instanceof ExecutorLost ? e.getCause() : e);
            }
            throw e;
        }
    }

    private int runPending(SweepSpec spec, RunStore store, SweepControl control) {
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store, control.retries());
        for (StoredRun stored : plan.pending()) {
            locate(plan.byHash().get(stored.hash()).dataset());
        }
        RunTask task = new RunTask(Map.copyOf(locations));
        int atOnce = sc.defaultParallelism() / sc.getConf().getInt("spark.task.cpus", 1);
        // One Spark job of one task per run, in a job group of its own so that a time limit or a stop
        // can cancel it; a job that fails because the context stopped lost the cluster. Executors
        // cannot reach the driver's disk, so runs keep no checkpoints: a retried run starts over.
        return Dispatcher.run(plan, store, control, atOnce, () -> new Dispatcher.Place() {
            private final String group = "adiv-" + UUID.randomUUID();

            @Override
            public String train(String request, Consumer<RunProgress> progress) {
                sc.setJobGroup(group, "adiv run", true);
                try {
                    return sc.parallelize(List.of(request), 1).map(task).collect().get(0);
                } finally {
                    sc.clearJobGroup();
                }
            }

            @Override
            public void abort() {
                sc.cancelJobGroup(group);
            }
        }, false, e -> sc.sc().isStopped(), machine, version);
    }

    private ExecutorLost lost(RunStore store, Throwable cause) {
        String reason = why(cause);
        if (reason.contains("stopped SparkContext") || reason.contains("SparkContext was shut down")) {
            reason = "the cluster ended the application"; // Spark's words for the consequence, not the cause
        }
        return new ExecutorLost("the Spark cluster at " + sc.getConf().get("spark.master", "?") + " stopped or could"
                + " not be reached (" + reason + (lastExecutorLoss == null ? "" : "; the last executor lost, "
                + lastExecutorLoss) + "); application " + sc.sc().applicationId() + ": its executors' logs"
                + " are on each worker, under the worker's work directory in " + sc.sc().applicationId() + "/ (with"
                + " scripts/spark-cluster.sh: $SPARK_CLUSTER_DIR/work); runs that finished are in " + store.dir()
                + " and the others are queued: run the same command again to resume", cause);
    }

    /** What Spark says when a cluster ends an application, most telling first. */
    private static final java.util.regex.Pattern[] REASONS = {
        java.util.regex.Pattern.compile("Master removed our application: \\w+"),
        java.util.regex.Pattern.compile("All masters are unresponsive"),
        java.util.regex.Pattern.compile("ExecutorLostFailure \\([^)]*\\) Reason: [^\\n]*"),
        java.util.regex.Pattern.compile("SparkContext was shut down"),
    };

    /** The cluster's own words for why the application ended, in one line. */
    static String why(Throwable e) {
        for (java.util.regex.Pattern p : REASONS) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                java.util.regex.Matcher m = p.matcher(String.valueOf(t.getMessage()));
                if (m.find()) {
                    return m.group();
                }
            }
        }
        String first = e == null || e.getMessage() == null ? "no reason given"
                : e.getMessage().lines().findFirst().orElse("").strip();
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    /**
     * A standalone master that nothing answers at is said at once, before Spark spends a minute
     * retrying and nothing is written: its URL is the user's to correct (exit 2).
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String failure = null;
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""));
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                return;
            } catch (java.io.IOException | NumberFormatException ex) {
                failure = host + ":" + port + " (" + ex.getMessage() + ")";
            }
        }
        throw new IllegalArgumentException("--master " + master + ": no Spark master answers at " + failure
                + "; start one (scripts/spark-cluster.sh start on this machine) or correct the URL");
    }

    /**
     * Where executors find a data set: shipped once per executor as an archive that Spark unpacks
     * (a cluster takes files, not directories), or the driver's own path.
     */
    private void locate(DatasetName name) {
        if (locations.containsKey(name.id())) {
            return;
        }
        Path dir = dataDirs.containsKey(name) ? dataDirs.get(name).toAbsolutePath()
                : name.locate().orElseThrow(() -> new IllegalArgumentException(name.missingMessage())).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(name.id() + " is not in " + dir + "; get it with: adiv data get " + name.id());
        }
        if (shipData) {
            Path zip = DataArchive.of(dir, name.id());
            sc.sc().addArchive(zip.toUri() + "#" + name.id());
            locations.put(name.id(), RunTask.SHIPPED + name.id());
        } else {
            locations.put(name.id(), dir.toString());
        }
    }

    /** Stops the Spark context (and, in local mode, the worker processes this JVM started). */
    @Override
    public void close() {
        boolean local = isLocal(sc.getConf());
        sc.stop();
        if (local) {
            RunTask.closeWorkers();
        }
    }
}
