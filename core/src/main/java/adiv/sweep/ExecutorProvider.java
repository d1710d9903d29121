package adiv.sweep;

import adiv.data.DatasetName;
import java.nio.file.Path;
import java.util.Map;

/**
 * An executor that lives in another module (found with {@link java.util.ServiceLoader}), so that
 * the core does not carry its dependencies: {@code adiv-spark} provides "spark".
 */
public interface ExecutorProvider {

    /** What the executor is called on the command line ({@code --executor NAME}). */
    String name();

    /**
     * Creates the executor.
     *
     * @param options what the command line says about where to run ("master": a cluster's URL, or
     *     absent to take it from the environment, as under spark-submit)
     * @param dataDirs a directory per data set, where it is not in its usual place
     * @param machine a description of the machine that writes the store
     * @param version adiv's version, stored with every run
     */
    SweepExecutor create(Map<String, String> options, Map<DatasetName, Path> dataDirs, String machine, String version);
}
