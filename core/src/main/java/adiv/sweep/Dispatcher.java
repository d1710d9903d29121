package adiv.sweep;

import adiv.train.CheckpointFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Hands a plan's pending runs to places that train them (worker processes, Spark jobs, this
 * process), several at once, and writes every reply into the store as it comes: one thread per
 * place here, the store written by this process alone. What the executors share, retries and stops
 * included ({@link RetryPolicy}); they differ only in how a run reaches a place.
 *
 * <p>When a place fails a run (its worker ended, stopped answering or ran past the time limit), the
 * slot closes it and opens a fresh one for its next run, and the run goes back in the queue with its
 * checkpoint, or is failed once it has no attempts left. When the sweep is stopped, every run in
 * flight is cut short and goes back in the queue, its start given back.
 */
public final class Dispatcher {

    /** A place that trains runs one after another: a request line in, a reply line out. */
    public interface Place extends AutoCloseable {
        /**
         * Trains a run; an exception is the place's failure, not the run's.
         *
         * @param progress hears the run's progress after each epoch (where the place reports it)
         */
        String train(String request, Consumer<RunProgress> progress) throws Exception;

        /** Ends a {@link #train} in flight soon (called from another thread: time is up, or the sweep stops). */
        default void abort() {}

        @Override
        default void close() {}
    }

    /** Opens a place (a worker process, a cluster connection's slot). */
    public interface Opener {
        Place open() throws Exception;
    }

    private Dispatcher() {}

    /**
     * Trains the plan's pending runs at {@code places} places at once.
     *
     * @param checkpoints whether runs keep checkpoints beside the store (the places can reach it)
     * @param executorLost says whether a place's failure means the machines went away (true) or only
     *     the run failed; when it lost the machines, the run goes back in the queue, no
     *     further run is handed out, and {@link ExecutorLost} is thrown at the end
     * @return how many runs were pending
     */
    public static int run(LocalExecutor.Plan plan, RunStore store, SweepControl control, int places, Opener opener,
            boolean checkpoints, Predicate<Exception> executorLost, String machine, String version) {
        if (plan.pending().isEmpty()) {
            return 0;
        }
        places = Math.max(1, Math.min(places, plan.pending().size()));
        control.listener().planned(plan.pending().stream().map(r -> plan.byHash().get(r.hash())).toList(),
                plan.total() - plan.pending().size(), plan.total(), places);
        ConcurrentLinkedQueue<StoredRun> queue = new ConcurrentLinkedQueue<>(plan.pending());
        int total = plan.total();
        int[] done = {total - plan.pending().size()};
        AtomicReference<Exception> lost = new AtomicReference<>();
        Set<Place> busy = ConcurrentHashMap.newKeySet();
        Runnable unlisten = control.stop().onRequest(() -> busy.forEach(Place::abort));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "adiv run timer");
            t.setDaemon(true);
            return t;
        });
        ExecutorService pool = Executors.newFixedThreadPool(places);
        List<Future<?>> futures = new ArrayList<>();
        Slot.Shared shared = new Slot.Shared(plan, store, control, queue, done, total, lost, busy, timers, checkpoints,
                executorLost, machine, version, java.util.concurrent.ConcurrentHashMap.newKeySet());
        for (int w = 0; w < places; w++) {
            futures.add(pool.submit(() -> {
                new Slot(shared, opener).work();
                return null;
            }));
        }
        pool.shutdown();
        try {
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a place to train could not be opened: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            unlisten.run();
            timers.shutdownNow();
        }
        if (lost.get() != null) {
            throw new ExecutorLost(lost.get().getMessage(), lost.get());
        }
        return plan.pending().size();
    }

    /** One place's loop: take a run, train it, record it or retry it; a fresh place after a fault. */
    private static final class Slot {

        /** What every slot of one dispatch shares. */
        record Shared(LocalExecutor.Plan plan, RunStore store, SweepControl control, ConcurrentLinkedQueue<StoredRun> queue,
                int[] done, int total, AtomicReference<Exception> lost, Set<Place> busy, ScheduledExecutorService timers,
                boolean checkpoints, Predicate<Exception> executorLost, String machine, String version,
                Set<String> dataSaid) {}

        private final Shared s;
        private final Opener opener;
        private Place place;

        /**
         * Says, once per machine and data set, what the workers there hold of it: a file mapped once
         * for all of them, or a copy in each (and why).
         */
        private void sayData(String reply) {
            try {
                com.fasterxml.jackson.databind.JsonNode d = Worker.JSON.readTree(reply).path("data");
                if (!d.has("bytes") || !s.dataSaid().add(d.path("host").asText() + "/" + d.path("dataset").asText())) {
                    return;
                }
                String size = String.format("%.1f MB", d.path("bytes").asLong() / 1e6);
                s.control().log().accept(d.path("dataset").asText() + " on " + d.path("host").asText() + ": "
                        + (d.path("mapped").asBoolean() ? size + " mapped from " + d.path("file").asText()
                                + ", once for all of its workers"
                                : size + " in each worker's memory (" + d.path("note").asText() + ")"));
            } catch (java.io.IOException | RuntimeException e) {
                // a reply without the data's account: nothing to say
            }
        }

        Slot(Shared shared, Opener opener) {
            this.s = shared;
            this.opener = opener;
        }

        void work() throws Exception {
            try {
                for (StoredRun stored; !s.control().stop().requested() && s.lost().get() == null
                        && (stored = s.queue().poll()) != null; ) {
                    if (place == null) {
                        place = opener.open();
                    }
                    if (!train(stored)) {
                        break;
                    }
                }
            } finally {
                closePlace();
            }
        }

        /** Trains one run; false when the slot must stop (the sweep stops, or the machines went away). */
        private boolean train(StoredRun stored) throws Exception {
            RunSettings run = s.plan().byHash().get(stored.hash());
            RetryPolicy retries = s.control().retries();
            int attempt;
            synchronized (s.store()) {
                s.control().listener().runStarting(run, s.done()[0], s.total());
                attempt = s.store().start(stored.id(), s.machine(), s.version(), run.plugins());
            }
            Path checkpoint = s.checkpoints() ? s.store().checkpoint(stored) : null;
            Place current = place;
            AtomicBoolean timedOut = new AtomicBoolean();
            s.busy().add(current);
            if (s.control().stop().requested()) {
                current.abort(); // a stop that came between the check and now
            }
            ScheduledFuture<?> timer = retries.runTimeout() == null ? null : s.timers().schedule(() -> {
                timedOut.set(true);
                current.abort();
            }, retries.runTimeout().toMillis(), TimeUnit.MILLISECONDS);
            String reply = null;
            Exception fault = null;
            try {
                reply = current.train(Worker.request(run, 0, checkpoint), p -> {
                    synchronized (s.store()) {
                        s.control().listener().epochEnded(run, stored.id(), p);
                    }
                });
            } catch (Exception e) {
                fault = e;
            } finally {
                s.busy().remove(current);
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (fault == null) {
                String status;
                synchronized (s.store()) {
                    status = Worker.record(s.store(), stored.id(), reply);
                }
                dropCheckpoint(checkpoint);
                sayData(reply);
                if (status.equals(StoredRun.FAILED)) {
                    s.control().log().accept(describe(stored, run) + " failed: " + Worker.error(reply));
                }
                finished(run, status);
                return true;
            }
            closePlace(); // its next run gets a fresh place
            if (s.control().stop().requested()) {
                synchronized (s.store()) {
                    s.store().requeue(stored.id(), true);
                }
                return false;
            }
            if (s.executorLost().test(fault)) {
                synchronized (s.store()) {
                    s.store().requeue(stored.id(), true);
                }
                s.lost().compareAndSet(null, fault);
                return false;
            }
            String why = timedOut.get()
                    ? "ran past the run time limit of " + RetryPolicy.format(retries.runTimeout()) + " (its worker was killed)"
                    : String.valueOf(fault.getMessage());
            if (retries.retryAfterFault(attempt)) {
                synchronized (s.store()) {
                    s.store().requeue(stored.id(), false);
                }
                s.queue().add(stored);
                s.control().log().accept(describe(stored, run) + ": " + firstLine(why) + "; trying again (attempt " + (attempt + 1) + " of " + retries.maxAttempts() + ")");
                return true;
            }
            synchronized (s.store()) {
                s.store().fail(stored.id(), why + " [attempt " + attempt + " of " + retries.maxAttempts() + "]");
            }
            dropCheckpoint(checkpoint);
            s.control().log().accept(describe(stored, run) + " failed after " + attempt + " attempt"
                    + (attempt == 1 ? "" : "s") + ": " + firstLine(why));
            finished(run, StoredRun.FAILED);
            return true;
        }

        private void finished(RunSettings run, String status) {
            synchronized (s.store()) {
                s.control().listener().runFinished(run, status, ++s.done()[0], s.total());
            }
        }

        private void closePlace() {
            if (place != null) {
                place.close();
                place = null;
            }
        }

        private static void dropCheckpoint(Path checkpoint) {
            if (checkpoint != null) {
                CheckpointFile.delete(checkpoint);
            }
        }
    }

    /** "run 12 (affine-like, seed 1)". */
    static String describe(StoredRun stored, RunSettings run) {
        return "run " + stored.id() + " (" + run.method() + ", seed " + stored.seed() + ")";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
