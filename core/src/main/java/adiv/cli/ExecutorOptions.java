package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.ExecutorProvider;
import adiv.sweep.LocalExecutor;
import adiv.sweep.RetryPolicy;
import adiv.sweep.RunStore;
import adiv.sweep.StopSignal;
import adiv.sweep.SweepControl;
import adiv.sweep.SweepExecutor;
import adiv.sweep.SweepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/** Where a sweep's runs train: flags shared by {@code adiv replicate} and {@code adiv sweep}. */
final class ExecutorOptions {

    @Option(names = "--executor", description = "local (this machine, the default) or spark (an Apache Spark cluster; see --master).")
    String executor = "local";

    @Option(names = "--master", description = "With --executor spark: the cluster's master URL (spark://HOST:7077, local[N], ...); left out under spark-submit.")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "With --executor spark: a Spark setting, as"
            + " spark-submit's --conf takes it (repeatable), e.g. --conf spark.task.cpus=2.")
    java.util.List<String> conf = new java.util.ArrayList<>();

    @Option(names = "--ship-data", negatable = true, description = "With --executor spark: send each data set's directory to every executor once (default), or with --no-ship-data let them read the same path (a shared file system).")
    boolean shipData = true;

    @Option(names = "--parallel", description = "Runs at a time on this machine, each in a worker process: auto (measured, the default) or a number.")
    String parallel = "auto";

    @Option(names = "--max-attempts", description = "Starts allowed per run: a run whose worker dies, hangs or runs past --run-timeout is tried again, from its checkpoint, until then (default: ${DEFAULT-VALUE}).")
    int maxAttempts = RetryPolicy.DEFAULT.maxAttempts();

    @Option(names = "--run-timeout", description = "The most one start of a run may take, e.g. 90s, 30m, 2h (default: no limit).")
    String runTimeout;

    @Option(names = "--retry-failed", description = "Put every failed run back in the queue with its attempts counted afresh (by default a rerun retries only failed runs with attempts left).")
    boolean retryFailed;

    @Option(names = "--rerun-changed", description = "Train again, afresh, the runs whose method's plug-in jar changed"
            + " since they were made (a rebuilt jar: another SHA-256). Without it such a sweep stops before training,"
            + " naming the method and both jars.")
    boolean rerunChanged;

    /** The retry policy the flags describe. */
    RetryPolicy retries() {
        return new RetryPolicy(maxAttempts, runTimeout == null ? null : RetryPolicy.parseDuration(runTimeout), retryFailed);
    }

    /** Checks the flags before anything runs. */
    void validate() {
        retries();
        if (!executor.equals("local") && !executor.equals("spark")) {
            throw new UserError("--executor must be local or spark, got '" + executor + "'");
        }
        if (master != null && executor.equals("local")) {
            throw new UserError("--master is for --executor spark");
        }
        if (!conf.isEmpty() && executor.equals("local")) {
            throw new UserError("--conf is for --executor spark");
        }
        for (String c : conf) {
            int eq = c.indexOf('=');
            if (eq <= 0 || !c.startsWith("spark.")) {
                throw new UserError("--conf " + c + ": expected KEY=VALUE with a Spark key (spark.…), e.g. --conf spark.task.cpus=2");
            }
        }
        SweepRunner.parallel(parallel);
    }

    /**
     * Opens a session that runs one sweep after another in the same place (one cluster connection).
     *
     * @param stop stops the session's sweeps (Ctrl-C, SIGTERM)
     */
    Session open(Map<DatasetName, Path> dirs, PrintWriter err, StopSignal stop) {
        validate();
        if (executor.equals("local")) {
            return new Session(dirs, err, SweepRunner.parallel(parallel), null, retries(), stop, rerunChanged);
        }
        ExecutorProvider provider = ServiceLoader.load(ExecutorProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(executor)).findFirst()
                .orElseThrow(() -> new UserError("the " + executor + " executor is not on the class path: run"
                        + " through ./adiv (which adds it when --executor spark is given) or spark-submit the"
                        + " adiv-spark jar (README: Running on a cluster)"));
        Map<String, String> options = new LinkedHashMap<>();
        if (master != null) {
            options.put("master", master);
        }
        options.put("ship-data", String.valueOf(shipData));
        conf.forEach(c -> options.put("conf." + c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1)));
        err.println("adiv: connecting to Spark" + (master == null ? "" : " at " + master) + "...");
        err.flush();
        return new Session(dirs, err, 0, provider.create(options, dirs, SweepCommand.machine(), Version.get()), retries(),
                stop, rerunChanged);
    }

    /** Runs sweeps; closing it lets go of a cluster. */
    static final class Session implements AutoCloseable {
        private final Map<DatasetName, Path> dirs;
        private final PrintWriter err;
        private final SweepExecutor remote;
        private final RetryPolicy retries;
        private final StopSignal stop;
        private final boolean rerunChanged;
        private int runsAtOnce;

        Session(Map<DatasetName, Path> dirs, PrintWriter err, int runsAtOnce, SweepExecutor remote, RetryPolicy retries,
                StopSignal stop, boolean rerunChanged) {
            this.dirs = dirs;
            this.err = err;
            this.runsAtOnce = runsAtOnce;
            this.remote = remote;
            this.retries = retries;
            this.stop = stop;
            this.rerunChanged = rerunChanged;
        }

        /** Runs one sweep into its store (nothing once a stop was requested). */
        void run(SweepSpec spec, RunStore store, LocalExecutor.Listener listener) {
            if (stop.requested()) {
                return;
            }
            // A rebuilt plug-in jar is another method: never mix its runs with the old build's.
            int again = adiv.sweep.ChangedJars.check(spec, store, rerunChanged);
            if (again > 0) {
                err.printf("adiv: %d run%s made with another build of a plug-in jar go back in the queue (--rerun-changed)%n",
                        again, again == 1 ? "" : "s");
                err.flush();
            }
            SweepControl control = new SweepControl(listener, line -> {
                synchronized (err) {
                    err.println("adiv: " + line);
                    err.flush();
                }
            }, retries, stop);
            if (remote == null) {
                // one measurement serves every sweep of this session
                runsAtOnce = SweepRunner.run(spec, store, dirs, runsAtOnce, control);
            } else {
                remote.run(spec, store, control);
            }
        }

        @Override
        public void close() throws Exception {
            if (remote instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
