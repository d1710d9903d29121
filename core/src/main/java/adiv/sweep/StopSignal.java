package adiv.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop a sweep (Ctrl-C, SIGTERM): once requested, no run starts, the runs in flight
 * are cut short and go back in the queue (their checkpoints kept), and the executor returns.
 * Thread-safe; the signal's own thread requests it.
 */
public final class StopSignal {

    private final List<Runnable> onRequest = new ArrayList<>();
    private volatile String reason;

    /** Whether a stop was requested. */
    public boolean requested() {
        return reason != null;
    }

    /** Why (e.g. "SIGINT"), or null. */
    public String reason() {
        return reason;
    }

    /** Requests the stop and tells everyone listening; later requests change nothing. */
    public void request(String why) {
        List<Runnable> tell;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            tell = List.copyOf(onRequest);
        }
        tell.forEach(Runnable::run);
    }

    /** Runs {@code action} when a stop is requested (at once if it already was); returns a way to stop listening. */
    public Runnable onRequest(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                onRequest.add(action);
                return () -> {
                    synchronized (this) {
                        onRequest.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {};
    }
}
