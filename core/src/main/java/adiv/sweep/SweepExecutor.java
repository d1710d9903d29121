package adiv.sweep;

import java.util.function.Consumer;

/**
 * Where a sweep's runs train: in this process ({@link LocalExecutor}), in worker processes
 * ({@link ProcessExecutor}), or elsewhere through an {@link ExecutorProvider} (a Spark cluster).
 * Every executor plans the spec into the store first and runs only what is still pending, and the
 * process that called it alone writes the store, so resuming works the same everywhere.
 */
public interface SweepExecutor {

    /**
     * Plans every run of the spec into the store, then runs those still pending.
     *
     * @return how many runs were run now
     */
    int run(SweepSpec spec, RunStore store, LocalExecutor.Listener listener, Consumer<String> log);
}
