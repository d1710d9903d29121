package adiv.spark;

import adiv.data.DatasetName;
import adiv.sweep.ExecutorProvider;
import adiv.sweep.SweepExecutor;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * {@code --executor spark}: found by the core through {@link java.util.ServiceLoader}. Options:
 * "master" (the cluster's URL; absent under spark-submit, which sets it), "ship-data" ("true",
 * the default, or "false" when the executors share the driver's data path) and "conf.KEY" (a Spark
 * setting, from --conf KEY=VALUE).
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
        options.forEach((k, v) -> {
            if (k.startsWith("conf.")) {
                conf.set(k.substring("conf.".length()), v); // --conf KEY=VALUE, as spark-submit takes it
            }
        });
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException(
                    "--master: no Spark master given; pass --master spark://HOST:7077 (or local[N] to try it"
                            + " on this machine), or start adiv with spark-submit");
        }
        boolean ship = !"false".equals(options.getOrDefault("ship-data", "true"));
        return new SparkExecutor(conf, dataDirs, ship, machine, version);
    }
}
