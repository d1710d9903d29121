package adiv.sweep;

/**
 * A run as the store knows it.
 *
 * @param id the store's id for the run
 * @param hash SHA-256 of the run's canonical configuration: one run per configuration
 * @param config the configuration, canonical JSON
 * @param status queued, running, done, diverged or failed
 * @param seed the run's seed
 * @param attempts how often it was started (a start cut short by stopping the sweep not counted)
 */
public record StoredRun(long id, String hash, String config, String status, long seed, int attempts) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";

    /** Whether the run has ended and is never run again. */
    public boolean finished() {
        return status.equals(DONE) || status.equals(DIVERGED) || status.equals(FAILED);
    }
}
