package adiv.spark;

import adiv.data.DatasetName;
import adiv.sweep.Worker;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One run, as a Spark task: a {@link Worker} request line in, its reply line out. What an executor
 * loads stays for the executor's lifetime, so each data set is read once per executor, not once per
 * task, from the directory Spark shipped to it or from a path every executor shares.
 *
 * <p>DJL's PyTorch engine lets one gradient collector work at a time in a JVM, so an executor
 * trains one run at a time, with one intra-op thread per core of the executor.
 */
final class RunTask implements Function<String, String> {

    private static final long serialVersionUID = 1L;
    /** Marks a data set location that Spark shipped (the rest of the string is its file name). */
    static final String SHIPPED = "shipped:";

    private static final ReentrantLock ONE_RUN_AT_A_TIME = new ReentrantLock();
    private static final Map<Map<String, String>, Worker.Data> LOADED = new java.util.HashMap<>();
    private static NDManager manager;
    private static int threads;

    /** Data set id → a path on the executors, or SHIPPED + the name Spark shipped it under. */
    private final Map<String, String> locations;

    RunTask(Map<String, String> locations) {
        this.locations = new java.util.TreeMap<>(locations);
    }

    @Override
    public String call(String request) {
        ONE_RUN_AT_A_TIME.lock();
        try {
            setThreads(executorCores());
            return Worker.handle(request, data());
        } finally {
            ONE_RUN_AT_A_TIME.unlock();
        }
    }

    /**
     * The cores this executor has: spark.executor.cores when set, the task's CPUs in local mode
     * (the driver sets them to local[N]'s N), else every processor of the machine (a standalone
     * worker's executor takes all its cores by default).
     */
    private static int executorCores() {
        SparkConf conf = SparkEnv.get().conf();
        if (conf.contains("spark.executor.cores")) {
            return conf.getInt("spark.executor.cores", 1);
        }
        if (conf.get("spark.master", "").startsWith("local") && TaskContext.get() != null) {
            return TaskContext.get().cpus();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static void setThreads(int cpus) {
        if (cpus > 0 && cpus != threads) {
            Engine.getInstance(); // loads libtorch, whose functions JniUtils calls
            JniUtils.setNumThreads(cpus);
            threads = cpus;
        }
    }

    /** The executor's data sets for these locations, loaded on first use. */
    private Worker.Data data() {
        if (manager == null) {
            manager = NDManager.newBaseManager();
        }
        return LOADED.computeIfAbsent(locations, l -> {
            Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
            l.forEach((id, where) -> dirs.put(DatasetName.parse(id),
                    Path.of(where.startsWith(SHIPPED) ? SparkFiles.get(where.substring(SHIPPED.length())) : where)));
            return new Worker.Data(dirs, manager);
        });
    }
}
