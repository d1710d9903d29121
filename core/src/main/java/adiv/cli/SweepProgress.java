package adiv.cli;

import adiv.sweep.LocalExecutor;
import adiv.sweep.RetryPolicy;
import adiv.sweep.RunProgress;
import adiv.sweep.RunSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A sweep's progress on stderr, counted in epochs: on a terminal a bar with every run in flight
 * ("#12 affine-like 3/20 0.871": run id, method, epoch, best test accuracy so far) and the time left; elsewhere (logs, CI) a line per epoch and
 * per finished run. The time left is the epochs still to train times the wall time an epoch has taken
 * in this sweep (evaluation included), shared among the runs trained at once.
 */
final class SweepProgress implements LocalExecutor.Listener, AutoCloseable {

    private final PrintWriter err;
    private final String task;
    private final boolean terminal = System.console() != null;
    private final Map<String, Integer> left = new HashMap<>();
    private final Map<String, Integer> trained = new HashMap<>();
    /** Each pending run's fewest epochs: as soon as its patience allows a stop (its max_epochs without patience). */
    private final Map<String, Integer> fewest = new HashMap<>();
    private long finishedRuns;
    private long finishedEpochs;
    private final Map<String, Long> lastEvent = new HashMap<>();
    private final Map<String, String> inFlight = new LinkedHashMap<>();
    private ProgressBar bar;
    /** The time left as last estimated, for the bar's own thread (which must not take this object's lock). */
    private volatile Optional<Duration> timeLeft = Optional.empty();
    private int places = 1;
    private long epochsDone;
    private double wallSeconds;
    private long wallEpochs;

    SweepProgress(PrintWriter err, String task) {
        this.err = err;
        this.task = task;
    }

    @Override
    public synchronized void planned(List<RunSettings> pending, int done, int total, int atOnce) {
        places = atOnce;
        long epochs = 0;
        for (RunSettings r : pending) {
            int e = r.trainConfig().epochs();
            left.put(r.canonical(), e);
            int patience = r.trainConfig().patience();
            fewest.put(r.canonical(), patience > 0 ? Math.min(e, patience + 1) : e);
            epochs += e;
        }
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(epochs).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" epochs", 1).setEtaFunction(state -> timeLeft).build();
        }
        line(String.format("%s: %d of %d runs to train (%d epochs), %d at a time", task, pending.size(), total, epochs,
                atOnce));
    }

    @Override
    public synchronized void runStarting(RunSettings run, int done, int total) {
        lastEvent.put(run.canonical(), System.nanoTime());
        inFlight.put(run.canonical(), run.method() + " starting");
        show();
    }

    @Override
    public synchronized void epochEnded(RunSettings run, long runId, RunProgress p) {
        String key = run.canonical();
        long now = System.nanoTime();
        Long last = lastEvent.put(key, now);
        if (last != null && !(p.resumedAfter() > 0 && p.epoch() == p.resumedAfter() + 1)) {
            wallSeconds += (now - last) / 1e9; // the first epoch after a resume also paid for the restart
            wallEpochs++;
        }
        int before = left.getOrDefault(key, p.epochs());
        int now_left = p.epochs() - p.epoch();
        epochsDone += Math.max(0, before - now_left);
        left.put(key, now_left);
        trained.put(key, p.epoch());
        timeLeft = eta().filter(Eta::known).map(Eta::high);
        String best = Double.isNaN(p.bestAcc()) ? "-" : String.format("%.4f", p.bestAcc());
        inFlight.put(key, String.format("#%d %s %d/%d %s", runId, run.method(), p.epoch(), p.epochs(),
                Double.isNaN(p.bestAcc()) ? "-" : String.format("%.3f", p.bestAcc())));
        if (bar != null) {
            bar.stepTo(epochsDone);
            show();
        } else {
            line(String.format("%s: run %d (%s, seed %s) epoch %d/%d%s: test_acc %.4f, best %s, %.1f s; %s", task, runId,
                    run.method(), run.trainConfig().seed(), p.epoch(), p.epochs(),
                    p.resumedAfter() > 0 ? " (resumed after epoch " + p.resumedAfter() + ")" : "", p.testAcc(), best,
                    p.seconds(), eta().map(Eta::describe).orElse("time left not known yet")));
        }
    }

    @Override
    public synchronized void runFinished(RunSettings run, String status, int done, int total) {
        String key = run.canonical();
        Integer rest = left.put(key, 0);
        if (rest != null && !status.equals("failed")) {
            epochsDone += rest; // epochs it did not need (it stagnated, or diverged)
            finishedRuns++;
            finishedEpochs += trained.getOrDefault(key, 0);
        }
        inFlight.remove(key);
        lastEvent.remove(key);
        timeLeft = eta().filter(Eta::known).map(Eta::high);
        if (bar != null) {
            bar.stepTo(epochsDone);
            show();
        } else {
            line(String.format("%s: %s (seed %s) %s; %d of %d runs finished", task, run.method(), run.trainConfig().seed(),
                    status, done, total));
        }
    }

    /**
     * The time left: between every run stopping as soon as its patience allows and every run training
     * max_epochs, while no run has finished; then one figure.
     */
    record Eta(Duration low, Duration high) {
        boolean known() {
            return low.equals(high);
        }

        String describe() {
            return known() ? "about " + RetryPolicy.format(high) + " left"
                    : RetryPolicy.format(low) + " to " + RetryPolicy.format(high) + " left (until a run finishes and shows"
                            + " how many epochs runs take)";
        }
    }

    /**
     * The time left, once one epoch has been timed: the epochs still to train times the wall time of
     * an epoch so far, shared among the runs at once. Runs that stop early (validation stagnated) are
     * expected to train as many epochs as the finished ones did on average, never more than their
     * most; before any has finished, between their fewest epochs and their most.
     */
    private Optional<Eta> eta() {
        if (wallEpochs == 0) {
            return Optional.empty();
        }
        double perEpoch = wallSeconds / wallEpochs / places;
        if (finishedRuns > 0) {
            Duration d = Duration.ofSeconds(Math.round(remaining((double) finishedEpochs / finishedRuns, null) * perEpoch));
            return Optional.of(new Eta(d, d));
        }
        return Optional.of(new Eta(Duration.ofSeconds(Math.round(remaining(Double.POSITIVE_INFINITY, fewest) * perEpoch)),
                Duration.ofSeconds(Math.round(remaining(Double.POSITIVE_INFINITY, null) * perEpoch))));
    }

    /** Epochs still to train, each run expected to end at {@code expected} epochs or at its entry in {@code ends}. */
    private double remaining(double expected, Map<String, Integer> ends) {
        double remaining = 0;
        for (Map.Entry<String, Integer> e : left.entrySet()) {
            int done = trained.getOrDefault(e.getKey(), 0);
            double end = ends == null ? expected : ends.getOrDefault(e.getKey(), done + e.getValue());
            if (e.getValue() > 0) {
                remaining += Math.max(done > 0 ? 1 : 0, Math.min(e.getValue(), end - done));
            }
        }
        return remaining;
    }

    private void show() {
        if (bar != null) {
            bar.setExtraMessage(" " + String.join(" | ", inFlight.values()));
        }
    }

    private void line(String text) {
        if (bar == null) {
            err.println(text);
            err.flush();
        }
    }

    /** Closes the bar; not under this object's lock, which the bar's own thread may be waiting for. */
    @Override
    public void close() {
        ProgressBar b;
        synchronized (this) {
            b = bar;
            bar = null;
        }
        if (b != null) {
            b.close();
        }
    }
}
