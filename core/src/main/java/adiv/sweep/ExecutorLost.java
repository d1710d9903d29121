package adiv.sweep;

/**
 * The machines running a sweep went away (a cluster stopped or could not be reached). The runs
 * that finished are in the store and the ones in flight are back in its queue: running the same
 * command again resumes.
 */
public class ExecutorLost extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutorLost(String message, Throwable cause) {
        super(message, cause);
    }
}
