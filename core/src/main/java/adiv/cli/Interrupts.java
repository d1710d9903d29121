package adiv.cli;

import adiv.sweep.StopSignal;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the commands that run sweeps: the first one asks the sweep to stop
 * (no new runs; runs in flight go back in the queue with their checkpoints; the store is left
 * consistent) and the command exits with 130 or 143 after one line saying how to resume; a second
 * one ends the process at once, which the store survives too. Worker processes ignore SIGINT, which
 * a terminal sends to the whole process group: their parent decides when they stop.
 */
final class Interrupts implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final StopSignal stop = new StopSignal();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {}

    /** Installs the handlers until {@link #close}. */
    static Interrupts install() {
        Interrupts i = new Interrupts();
        for (String name : SIGNALS) {
            try {
                i.previous.add(Signal.handle(new Signal(name), s -> i.signalled("SIG" + s.getName())));
            } catch (IllegalArgumentException e) {
                i.previous.add(null); // the signal is not available (ignored by the parent shell): nothing to handle
            }
        }
        return i;
    }

    private void signalled(String name) {
        if (stop.requested()) {
            Runtime.getRuntime().halt(exitCode(stop.reason())); // a second signal: stop now
        }
        stop.request(name);
    }

    /** The sweep's stop signal. */
    StopSignal stop() {
        return stop;
    }

    /** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM. */
    static int exitCode(String signal) {
        return "SIGTERM".equals(signal) ? 143 : 130;
    }

    /** A worker process leaves Ctrl-C to its parent. */
    static void ignoreInterrupt() {
        try {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException e) {
            // not available here: nothing to ignore
        }
    }

    /** Puts the handlers that were there before back (the command ran inside a longer-lived JVM). */
    @Override
    public void close() {
        for (int k = 0; k < SIGNALS.length; k++) {
            if (previous.get(k) != null) {
                Signal.handle(new Signal(SIGNALS[k]), previous.get(k));
            }
        }
    }
}
