package adiv.spark;

import adiv.data.DatasetName;
import adiv.sweep.ExecutorProvider;
import adiv.sweep.SweepExecutor;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * {@code --executor spark}: found by the core through {@link java.util.ServiceLoader}. Options:
 * "master" (the cluster's URL; absent under spark-submit, which sets it) and "ship-data" ("true",
 * the default, or "false" when the executors share the driver's data path).
 */
public final class SparkExecutorProvider implements ExecutorProvider {

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "spark";
    }

    /** {@inheritDoc} */
    @Override
    public SweepExecutor create(Map<String, String> options, Map<DatasetName, Path> dataDirs, String machine, String version) {
        SparkConf conf = new SparkConf(); // spark-submit's settings, when it started this JVM
        if (options.containsKey("master")) {
            conf.setMaster(options.get("master"));
        }
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException(
                    "--master: no Spark master given; pass --master spark://HOST:7077 (or local[N] to try it"
                            + " on this machine), or start adiv with spark-submit");
        }
        boolean ship = !"false".equals(options.getOrDefault("ship-data", "true"));
        return new SparkExecutor(conf, dataDirs, ship, machine, version);
    }
}
