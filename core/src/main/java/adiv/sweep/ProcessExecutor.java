package adiv.sweep;

import adiv.engine.Memory;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a sweep's pending runs in worker processes, several at a time, each with its own intra-op
 * threads. Processes rather than threads because DJL's PyTorch engine allows one gradient
 * collector at a time per JVM; and a worker that dies, hangs or runs past its time takes only its
 * run with it, which a fresh worker retries from its checkpoint ({@link RetryPolicy}). This process
 * alone writes the run store, so its resume semantics are those of {@link LocalExecutor}. The
 * workers' error output is appended to {@value #LOG} in the sweep directory.
 */
public final class ProcessExecutor implements SweepExecutor {

    /** The workers' error output, beside the store. */
    public static final String LOG = "workers.log";

    private final List<String> workerCommand;
    private final int workers;
    private final int threads;
    private final String machine;
    private final String version;
    private final Duration silence;

    /**
     * @param workerCommand the command that starts a worker (its --threads is appended)
     * @param workers how many runs at a time
     * @param threads intra-op threads per worker
     * @param silence how long a worker may say nothing before it counts as hung
     */
    public ProcessExecutor(List<String> workerCommand, int workers, int threads, String machine, String version,
            Duration silence) {
        this.workerCommand = workerCommand;
        this.workers = workers;
        this.threads = threads;
        this.machine = machine;
        this.version = version;
        this.silence = silence;
    }

    /** With the default silence limit ({@link WorkerProcess#DEFAULT_SILENCE}). */
    public ProcessExecutor(List<String> workerCommand, int workers, int threads, String machine, String version) {
        this(workerCommand, workers, threads, machine, version, WorkerProcess.DEFAULT_SILENCE);
    }

    /** {@inheritDoc} */
    @Override
    public int run(SweepSpec spec, RunStore store, SweepControl control) {
        LocalExecutor.Plan plan = LocalExecutor.plan(spec, store, control.retries());
        return Dispatcher.run(plan, store, control, workers, () -> {
            WorkerProcess worker = new WorkerProcess(workerCommand, threads, store.dir().resolve(LOG), silence);
            return new Dispatcher.Place() {
                @Override
                public String train(String request, Consumer<RunProgress> progress) throws IOException {
                    return worker.send(request, progress);
                }

                @Override
                public void abort() {
                    worker.kill();
                }

                @Override
                public void close() {
                    worker.close();
                }
            };
        }, true, e -> false, machine, version);
    }

    /**
     * The seconds a reply's epochs spent in their training steps: not the run's whole time, whose
     * setup and evaluation after the (cut-short) epoch would outweigh a few dozen steps and favour
     * whichever layout evaluates fastest (BENCHMARKS.md, "The scheduler's measurement").
     */
    static double trainingSeconds(JsonNode reply) {
        double seconds = 0;
        for (JsonNode epoch : reply.path("epochs")) {
            seconds += epoch.path("seconds").asDouble();
        }
        if (!(seconds > 0)) {
            throw new IllegalStateException("the reply names no epoch's training time: " + reply);
        }
        return seconds;
    }

    /**
     * A measured throughput, or why it could not be measured; and the most memory one of its workers
     * held (its own pages, and the file pages they share), -1 where it could not be read.
     */
    record Throughput(double stepsPerSecond, String failure, long ownPeak, long sharedPeak) {
        Throughput(double stepsPerSecond, String failure) {
            this(stepsPerSecond, failure, -1, -1);
        }

        boolean measured() {
            return failure == null;
        }
    }

    /**
     * Measures the throughput, in training steps per second, of {@code workers} worker processes
     * with {@code threads} threads each running a run's first {@code steps} steps at once.
     */
    static Throughput throughput(List<String> workerCommand, int workers, int threads, RunSettings run, long steps) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (Memory.Sampler memory = new Memory.Sampler(SAMPLE_MILLIS)) {
            List<Future<Double>> futures = new ArrayList<>();
            List<Memory.Sampler.Peaks> peaks = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (WorkerProcess worker = new WorkerProcess(workerCommand, threads)) {
                        memory.watch(worker.pid());
                        worker.train(run, Math.max(2, steps / 4)); // warm-up: data, JIT, allocator
                        JsonNode reply = worker.train(run, steps);
                        peaks.add(memory.peaks(worker.pid()));
                        if (!reply.path("ok").asBoolean()) {
                            throw new IOException("the run failed: " + reply.path("error").asText());
                        }
                        return trainingSeconds(reply);
                    }
                }));
            }
            double slowest = 0;
            for (Future<Double> f : futures) {
                slowest = Math.max(slowest, f.get());
            }
            long own = peaks.stream().mapToLong(Memory.Sampler.Peaks::anon).max().orElse(-1);
            long shared = peaks.stream().mapToLong(Memory.Sampler.Peaks::file).max().orElse(-1);
            return new Throughput(workers * steps / slowest, null, own, shared);
        } catch (ExecutionException e) {
            return new Throughput(Double.NaN, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Throughput(Double.NaN, "interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** How often a measurement samples its workers' memory. */
    static final long SAMPLE_MILLIS = 50;
}
