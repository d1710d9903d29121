package adiv.sweep;

import java.util.function.Consumer;

/**
 * What a sweep's executor is told besides the spec and the store: who hears about progress, where
 * log lines go, when runs are tried again, and when to stop.
 *
 * @param listener hears about runs and epochs (called from several threads, one at a time)
 * @param log receives one line per event worth telling a person (a retry, a failure)
 * @param retries the retry policy
 * @param stop requested on Ctrl-C or SIGTERM
 */
public record SweepControl(LocalExecutor.Listener listener, Consumer<String> log, RetryPolicy retries, StopSignal stop) {

    /** Default retries, never stopped: for tests and programs that call an executor directly. */
    public static SweepControl of(LocalExecutor.Listener listener, Consumer<String> log) {
        return new SweepControl(listener, log, RetryPolicy.DEFAULT, new StopSignal());
    }
}
