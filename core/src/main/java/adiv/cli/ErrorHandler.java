package adiv.cli;

import picocli.CommandLine;

/**
 * Turns exceptions into exit codes: a user's mistake ({@link UserError}, or an
 * IllegalArgumentException raised while checking their values) is one line on stderr and exit 2; a
 * failure adiv understands (the store, a lost executor, a kernel this CPU computes wrongly) is one
 * line and exit 1; anything else is reported with its stack trace and exit 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(
            Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        if (e instanceof UserError
                || e instanceof adiv.data.DataException
                || e instanceof IllegalArgumentException) {
            cli.getErr().println("adiv: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (e instanceof adiv.sweep.StoreException || e instanceof adiv.sweep.ExecutorLost
                || e instanceof adiv.train.KernelFault) {
            cli.getErr().println("adiv: " + e.getMessage());
            return Main.FAILED;
        }
        cli.getErr().println("adiv: internal error: " + e);
        e.printStackTrace(cli.getErr());
        return Main.FAILED;
    }
}
