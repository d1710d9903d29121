package adiv.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a sweep's pending runs in worker processes, several at a time, each with its own intra-op
 * threads. Processes rather than threads because DJL's PyTorch engine allows one gradient
 * collector at a time per JVM. This process alone writes the run store, so its resume semantics
 * are those of {@link LocalExecutor}.
 */
public final class ProcessExecutor implements SweepExecutor {

    private final List<String> workerCommand;
    private final int workers;
    private final int threads;
    private final String machine;
    private final String version;

    /**
     * @param workerCommand the command that starts a worker (its --threads is appended)
     * @param workers how many runs at a time
     * @param threads intra-op threads per worker
     */
    public ProcessExecutor(List<String> workerCommand, int workers, int threads, String machine, String version) {
        this.workerCommand = workerCommand;
        this.workers = workers;
        this.threads = threads;
        this.machine = machine;
        this.version = version;
    }

    /** {@inheritDoc} */
    @Override
    public int run(SweepSpec spec, RunStore store, LocalExecutor.Listener listener, Consumer<String> log) {
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store);
        return Dispatcher.run(plan, store, listener, log, workers, () -> {
            WorkerProcess worker = new WorkerProcess(workerCommand, threads);
            return new Dispatcher.Place() {
                @Override
                public String train(String request) throws IOException {
                    return worker.send(request);
                }

                @Override
                public void close() {
                    worker.close();
                }
            };
        }, e -> false, machine, version);
    }

    /**
     * Measures the throughput, in training steps per second, of {@code workers} worker processes
     * with {@code threads} threads each running a run's first {@code steps} steps at once.
     */
    public static double throughput(List<String> workerCommand, int workers, int threads, RunSettings run, long steps) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (WorkerProcess worker = new WorkerProcess(workerCommand, threads)) {
                        worker.train(run, Math.max(2, steps / 4)); // warm-up: data, JIT, allocator
                        JsonNode reply = worker.train(run, steps);
                        return reply.get("ok").asBoolean() ? reply.get("seconds").asDouble() : Double.NaN;
                    }
                }));
            }
            double slowest = 0;
            for (Future<Double> f : futures) {
                slowest = Math.max(slowest, f.get());
            }
            return workers * steps / slowest;
        } catch (Exception e) {
            return Double.NaN;
        } finally {
            pool.shutdownNow();
        }
    }
}
