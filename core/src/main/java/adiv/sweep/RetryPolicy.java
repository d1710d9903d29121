package adiv.sweep;

import java.time.Duration;

/**
 * When a run is tried again: the one policy of every executor (worker processes here, Spark tasks
 * on a cluster).
 *
 * <ul>
 *   <li>Every start of a run counts as an attempt, except a start cut short by stopping the sweep
 *       itself (Ctrl-C, SIGTERM, its process killed, a cluster gone): that is given back.
 *   <li>When the place a run trains in fails — its worker process ends, stops answering, or runs
 *       past {@link #runTimeout}; a Spark task fails — the run goes back in the queue and a fresh
 *       worker takes it, continuing from its last checkpoint, while it has attempts left; after
 *       {@link #maxAttempts} it is failed, with the worker's exit status and the last lines of its
 *       error output in the run's error. Other runs never fail because of it.
 *   <li>A run whose own training raised an error (its settings cannot train: the same error would
 *       come again) is failed at once.
 *   <li>Running the same sweep again puts its failed runs that have attempts left back in the
 *       queue; with {@link #retryFailed} every failed run goes back with its attempts counted afresh.
 * </ul>
 *
 * @param maxAttempts starts allowed per run (at least 1)
 * @param runTimeout the most one start of a run may take, or null for no limit
 * @param retryFailed whether failed runs get all their attempts again
 */
public record RetryPolicy(int maxAttempts, Duration runTimeout, boolean retryFailed) {

    /** Three attempts, no time limit. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, null, false);

    /** Checks the values. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be 1 or more, got " + maxAttempts);
        }
        if (runTimeout != null && (runTimeout.isNegative() || runTimeout.isZero())) {
            throw new IllegalArgumentException("--run-timeout must be positive, got " + format(runTimeout));
        }
    }

    /** Whether a run whose place failed on attempt {@code attempts} is tried again. */
    public boolean retryAfterFault(int attempts) {
        return attempts < maxAttempts;
    }

    /**
     * Parses a duration as people write it: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m}, or
     * a number of seconds.
     */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        if (!t.matches("(\\d+h)?(\\d+m)?(\\d+s)?") || t.isEmpty()) {
            throw new IllegalArgumentException("--run-timeout: expected a duration such as 90s, 30m, 2h or 1h30m, got '"
                    + text + "'");
        }
        return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
    }

    /** A duration as people read it: 1h 30m, 45m, 90s. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h " + (s % 3600) / 60 + " min";
    }
}
