package adiv.bench;

import adiv.engine.Memory;
import adiv.sweep.RunProgress;
import adiv.sweep.RunSettings;
import adiv.sweep.Worker;
import adiv.sweep.WorkerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * How much memory a sweep's worker processes hold while they train: workers started as a sweep starts
 * them, side by side, each training one run of several epochs, each process's memory sampled the
 * whole time (its resident peak as the kernel counts it, its own pages and the file pages it shares
 * with the others) and read after every epoch, so that growth from epoch to epoch shows.
 */
public final class WorkerMemory {

    /** How often each worker's memory is sampled. */
    static final long SAMPLE_MILLIS = 100;

    private WorkerMemory() {}

    /**
     * One worker's memory.
     *
     * @param worker its number (1-based)
     * @param pid its process
     * @param method the run's method
     * @param peak its resident peak (VmHWM), bytes
     * @param own the most of its own pages (anonymous: heaps, arrays), bytes
     * @param shared the most file pages (libraries, the mapped data set), shared with the other workers
     * @param afterEpoch resident bytes after each epoch
     * @param seconds the run's wall time
     * @param error why the run failed, or null
     */
    public record Result(int worker, long pid, String method, long peak, long own, long shared, List<Long> afterEpoch,
            double seconds, String error) {}

    /**
     * Starts one worker per run, each on one thread, trains them side by side and returns each one's
     * memory.
     *
     * @param workerCommand how a sweep starts a worker
     * @param runs one run per worker
     * @param log hears each worker's epochs
     */
    public static List<Result> measure(List<String> workerCommand, List<RunSettings> runs, Consumer<String> log) {
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try (Memory.Sampler sampler = new Memory.Sampler(SAMPLE_MILLIS)) {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                int worker = i + 1;
                RunSettings run = runs.get(i);
                futures.add(pool.submit(() -> one(workerCommand, worker, run, sampler, log)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker could not be measured: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result one(List<String> cmd, int worker, RunSettings run, Memory.Sampler sampler,
            Consumer<String> log) throws IOException {
        try (WorkerProcess process = new WorkerProcess(cmd, 1)) {
            sampler.watch(process.pid());
            List<Long> afterEpoch = new ArrayList<>();
            long start = System.nanoTime();
            String reply = process.send(Worker.request(run, 0, null), (RunProgress p) -> {
                Memory.Usage u = Memory.of(process.pid());
                afterEpoch.add(u.rss());
                log.accept(String.format("worker %d (pid %d): epoch %d/%d, resident %s (own %s, shared %s)", worker,
                        process.pid(), p.epoch(), p.epochs(), Memory.gb(u.rss()), Memory.gb(u.anon()), Memory.gb(u.file())));
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            Memory.Sampler.Peaks peaks = sampler.peaks(process.pid());
            JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply);
            String error = r.path("ok").asBoolean() ? null : r.path("error").asText();
            return new Result(worker, process.pid(), run.method(), peaks.peak(), peaks.anon(), peaks.file(),
                    List.copyOf(afterEpoch), seconds, error);
        }
    }
}
