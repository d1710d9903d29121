package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.ExecutorProvider;
import adiv.sweep.LocalExecutor;
import adiv.sweep.RunStore;
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

    @Option(names = "--ship-data", negatable = true, description = "With --executor spark: send each data set's directory to every executor once (default), or with --no-ship-data let them read the same path (a shared file system).")
    boolean shipData = true;

    @Option(names = "--parallel", description = "Runs at a time on this machine: auto (measured, the default) or a number; 1 runs in this process.")
    String parallel = "auto";

    /** Checks the flags before anything runs. */
    void validate() {
        if (!executor.equals("local") && !executor.equals("spark")) {
            throw new UserError("--executor must be local or spark, got '" + executor + "'");
        }
        if (master != null && executor.equals("local")) {
            throw new UserError("--master is for --executor spark");
        }
        SweepRunner.parallel(parallel);
    }

    /** Opens a session that runs one sweep after another in the same place (one cluster connection). */
    Session open(Map<DatasetName, Path> dirs, PrintWriter err) {
        validate();
        if (executor.equals("local")) {
            return new Session(dirs, err, SweepRunner.parallel(parallel), null);
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
        err.println("adiv: connecting to Spark" + (master == null ? "" : " at " + master) + "...");
        err.flush();
        return new Session(dirs, err, 0, provider.create(options, dirs, SweepCommand.machine(), Version.get()));
    }

    /** Runs sweeps; closing it lets go of a cluster. */
    static final class Session implements AutoCloseable {
        private final Map<DatasetName, Path> dirs;
        private final PrintWriter err;
        private final SweepExecutor remote;
        private int runsAtOnce;

        Session(Map<DatasetName, Path> dirs, PrintWriter err, int runsAtOnce, SweepExecutor remote) {
            this.dirs = dirs;
            this.err = err;
            this.runsAtOnce = runsAtOnce;
            this.remote = remote;
        }

        /** Runs one sweep into its store. */
        void run(SweepSpec spec, RunStore store, LocalExecutor.Listener listener) {
            if (remote == null) {
                // one measurement serves every sweep of this session
                runsAtOnce = SweepRunner.run(spec, store, dirs, runsAtOnce, listener, err);
            } else {
                remote.run(spec, store, listener, line -> {
                    err.println("adiv: " + line);
                    err.flush();
                });
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
