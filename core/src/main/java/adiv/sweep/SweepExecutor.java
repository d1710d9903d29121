package adiv.sweep;

/**
 * Where a sweep's runs train: in this process ({@link LocalExecutor}), in worker processes
 * ({@link ProcessExecutor}), or elsewhere through an {@link ExecutorProvider} (a Spark cluster).
 * Every executor plans the spec into the store first and runs only what is still pending, and the
 * process that called it alone writes the store, so resuming works the same everywhere.
 */
public interface SweepExecutor {

    /**
     * Plans every run of the spec into the store, then runs those still pending, retrying and
     * stopping as {@code control} says ({@link RetryPolicy}, {@link StopSignal}).
     *
     * @return how many runs were pending
     */
    int run(SweepSpec spec, RunStore store, SweepControl control);
}
