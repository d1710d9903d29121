package adiv.cli;

/** A mistake in what the user gave (a value, a file): reported in one line, exit status 2. */
public class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
