package adiv.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/** Bytes received so far, on stderr, at most once a second. */
final class DownloadProgress implements LongConsumer {

    private final PrintWriter err;
    private long lastPrint;

    DownloadProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void accept(long bytes) {
        long now = System.currentTimeMillis();
        if (now - lastPrint >= 1000) {
            lastPrint = now;
            err.printf("  %,d bytes%n", bytes);
            err.flush();
        }
    }
}
