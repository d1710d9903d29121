package adiv.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands a plan's pending runs to several places that train them at once (worker processes, Spark
 * jobs), and writes every reply into the store as it comes: one thread per place here, the store
 * written by this process alone. What the executors share; they differ in how a run reaches a place.
 */
public final class Dispatcher {

    /** A place that trains runs one after another: a request line in, a reply line out. */
    public interface Place extends AutoCloseable {
        /** Trains a run; an exception is the place's failure, not the run's. */
        String train(String request) throws Exception;

        @Override
        default void close() {}
    }

    /** Opens a place (a worker process, a cluster connection's slot). */
    public interface Opener {
        Place open() throws Exception;
    }

    /** Decides whether a place's failure means the machines went away (true) or only the run failed. */
    public interface LossTest {
        boolean lost(Exception e);
    }

    private Dispatcher() {}

    /**
     * Trains the plan's pending runs at {@code places} places at once.
     *
     * @param lossTest when it says a failure lost the machines, the run goes back in the queue, no
     *     further run is handed out, and {@link ExecutorLost} is thrown at the end
     * @return how many runs were pending
     */
    public static int run(LocalExecutor.Plan plan, RunStore store, LocalExecutor.Listener listener,
            Consumer<String> log, int places, Opener opener, LossTest lossTest, String machine, String version) {
        if (plan.pending().isEmpty()) {
            return 0;
        }
        places = Math.max(1, Math.min(places, plan.pending().size()));
        ConcurrentLinkedQueue<StoredRun> queue = new ConcurrentLinkedQueue<>(plan.pending());
        int total = plan.total();
        int[] done = {total - plan.pending().size()};
        AtomicReference<Exception> lost = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(places);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < places; w++) {
            futures.add(pool.submit(() -> {
                try (Place place = opener.open()) {
                    for (StoredRun stored; lost.get() == null && (stored = queue.poll()) != null; ) {
                        RunSettings run = plan.byHash().get(stored.hash());
                        synchronized (store) {
                            listener.runStarting(run, done[0], total);
                            store.start(stored.id(), machine, version);
                        }
                        String status;
                        try {
                            String reply = place.train(Worker.request(run, 0));
                            synchronized (store) {
                                status = Worker.record(store, stored.id(), reply);
                            }
                        } catch (Exception e) {
                            if (lossTest.lost(e)) {
                                synchronized (store) {
                                    store.requeue(stored.id());
                                }
                                lost.compareAndSet(null, e);
                                break;
                            }
                            synchronized (store) {
                                store.fail(stored.id(), e.toString());
                            }
                            status = StoredRun.FAILED;
                        }
                        if (status.equals(StoredRun.FAILED)) {
                            log.accept("run " + stored.id() + " failed");
                        }
                        synchronized (store) {
                            listener.runFinished(run, status, ++done[0], total);
                        }
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
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
        if (lost.get() != null) {
            throw new ExecutorLost(lost.get().getMessage(), lost.get());
        }
        return plan.pending().size();
    }
}
