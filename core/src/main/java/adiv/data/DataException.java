package adiv.data;

/**
 * A problem with data the user pointed adiv at: a missing, truncated or malformed file, a label out
 * of range. The message names the file and what was expected; the command line reports it in one
 * line with exit status 2.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
