package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.ImageCache;
import adiv.engine.Memory;
import adiv.maps.Method;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a sweep would do, without doing it ({@code --dry-run}): its runs (and how many a store
 * already holds), its methods and where each comes from, its claims, and how long it would take,
 * from a short measured run of each of its networks. Nothing is written.
 */
public final class DryRun {

    /**
     * Training steps each network is timed over, after a warm-up of a quarter as many: as the
     * scheduler's measurement, fewer are noise (a step of fig1's MLP takes about 1.5 ms).
     */
    public static final long STEPS = Scheduler.STEPS;
    /** At most this many networks are timed; the rest take the mean of those of their model. */
    static final int MAX_MEASURED = 12;

    /**
     * A method the sweep trains.
     *
     * @param runs how many of the sweep's runs use it
     */
    public record MethodUse(Method method, int runs) {}

    /**
     * The time it would take with {@code side} runs side by side, each on {@code threads} threads:
     * the layout {@code --parallel} gives. With {@code --parallel auto} ({@link #parallel} {@link
     * Scheduler#AUTO}) that is one single-threaded run per core of the machine (the layout the
     * scheduler takes unless one run on every core is faster); with {@code --parallel N}, N runs on
     * cores / N threads each, as {@link Scheduler#layout} gives them.
     *
     * @param low wall seconds of training steps with every pending run at its fewest epochs (stopped
     *     as early as patience allows)
     * @param high with every run at max_epochs
     * @param measured networks timed
     * @param networks distinct networks among the pending runs
     * @param side runs side by side (never more than the pending runs)
     * @param failure why nothing could be timed, or null
     * @param parallel {@code --parallel}: runs at a time, or {@link Scheduler#AUTO}
     * @param threads each run's threads (as timed)
     * @param cores the machine's cores
     */
    public record Estimate(double low, double high, int measured, int networks, int side, String failure, int parallel,
            int threads, int cores) {

        /** Whether the runs side by side are the machine's cores ({@code --parallel auto}). */
        public boolean auto() {
            return parallel == Scheduler.AUTO;
        }
    }

    /**
     * The plan.
     *
     * @param runs every run of the sweep
     * @param pending those a store does not already hold finished
     */
    public record Plan(SweepSpec spec, List<RunSettings> runs, List<RunSettings> pending, List<MethodUse> methods,
            Estimate estimate, Work work) {}

    /**
     * The pending runs' work, from the step times measured here (each run on the threads timed), and
     * the memory a worker held while it was timed: what a plan for another machine starts from.
     *
     * @param low seconds of training steps of every pending run, one after another, each stopping as
     *     early as its patience allows
     * @param high the same, every run training max_epochs
     * @param longestLow the longest single run at its fewest epochs
     * @param longestHigh the longest single run at max_epochs
     * @param fewestEpochs a run's fewest epochs (the smallest over the runs)
     * @param mostEpochs a run's most epochs (the largest max_epochs)
     * @param epochsLow every pending run's epochs added up, each at its fewest
     * @param epochsHigh every pending run's epochs added up, each at max_epochs
     * @param ownPeak the most of its own pages the timing worker held (-1: not read)
     * @param sharedPeak the most file pages it held (libraries, the mapped data sets), shared by all workers
     * @param threads the threads each run was timed on
     */
    public record Work(double low, double high, double longestLow, double longestHigh, int fewestEpochs, int mostEpochs,
            long epochsLow, long epochsHigh, long ownPeak, long sharedPeak, int threads) {

        /**
         * The wall time and memory on a machine of {@code cores} cores like this one (as fast per core),
         * one single-threaded run per core: the work shared out, but never less than the longest run.
         */
        public Projection on(int cores, int pending) {
            int side = Math.max(1, Math.min(cores, pending));
            return new Projection(cores, side, Math.max(low / side, longestLow), Math.max(high / side, longestHigh),
                    ownPeak < 0 ? -1 : side * ownPeak + sharedPeak);
        }
    }

    /**
     * A plan for a machine of {@code cores} cores.
     *
     * @param side runs side by side (one per core, never more than the runs)
     * @param low wall seconds, every run at its fewest epochs
     * @param high wall seconds, every run at max_epochs
     * @param memory bytes the workers need together (-1: not measured)
     */
    public record Projection(int cores, int side, double low, double high, long memory) {}

    private DryRun() {}

    /**
     * Plans a sweep and times it.
     *
     * @param store the sweep directory's store when it already exists (read only), or null
     * @param workerCommand how to start a worker process, for the timing (null: no timing)
     * @param parallel {@code --parallel}: runs at a time (each on cores / parallel threads), or {@link
     *     Scheduler#AUTO}: one single-threaded run per core
     * @param cores the machine's cores
     * @param dataDirs where each data set is, to count its training examples
     * @param log hears what is being timed
     */
    public static Plan plan(SweepSpec spec, RunStore store, List<String> workerCommand, int parallel, int cores,
            Map<DatasetName, Path> dataDirs, Consumer<String> log) {
        List<RunSettings> runs = spec.runs();
        Map<String, String> status = new HashMap<>();
        if (store != null) {
            store.runs().forEach(r -> status.put(r.config(), r.status()));
        }
        List<RunSettings> pending = runs.stream().filter(r -> {
            String s = status.get(r.canonical());
            return s == null || !(s.equals(StoredRun.DONE) || s.equals(StoredRun.DIVERGED));
        }).toList();
        Map<String, Integer> uses = new LinkedHashMap<>();
        runs.forEach(r -> uses.merge(r.method(), 1, Integer::sum));
        List<MethodUse> methods = new ArrayList<>();
        uses.forEach((name, n) -> methods.add(new MethodUse(spec.methods().get(name), n)));
        boolean auto = parallel == Scheduler.AUTO;
        int side = Math.max(1, Math.min(auto ? cores : parallel, pending.size()));
        int threads = auto ? 1 : Math.max(1, cores / parallel); // as Scheduler.layout gives a fixed --parallel
        Layout layout = new Layout(parallel, side, threads, cores);
        Timed timed = workerCommand == null || pending.isEmpty()
                ? new Timed(layout.estimate(0, 0, 0, 0, pending.isEmpty() ? null : "not timed"), null)
                : estimate(pending, workerCommand, layout, dataDirs, log);
        return new Plan(spec, runs, pending, methods, timed.estimate(), timed.work());
    }

    /** How the runs would train: side by side, on how many threads each, on how many cores. */
    private record Layout(int parallel, int side, int threads, int cores) {
        Estimate estimate(double low, double high, int measured, int networks, String failure) {
            return new Estimate(low, high, measured, networks, side, failure, parallel, threads, cores);
        }

        /** Runs that train at once: those side by side, but never more than the cores they share. */
        int atOnce() {
            return Math.max(1, Math.min(side, cores));
        }
    }

    private record Timed(Estimate estimate, Work work) {}

    /** A run's network and its data, everything that sets its step's cost: its settings but the seed. */
    private static String network(RunSettings run) {
        Map<String, Object> c = new TreeMap<>(run.config());
        c.remove("seed");
        return SweepSpec.canonical(c);
    }

    private static Timed estimate(List<RunSettings> pending, List<String> workerCommand, Layout layout,
            Map<DatasetName, Path> dataDirs, Consumer<String> log) {
        Map<String, RunSettings> networks = new LinkedHashMap<>();
        pending.forEach(r -> networks.putIfAbsent(network(r), r));
        List<RunSettings> timed = new ArrayList<>(networks.values());
        if (timed.size() > MAX_MEASURED) { // evenly spaced over the grid
            List<RunSettings> some = new ArrayList<>();
            for (int i = 0; i < MAX_MEASURED; i++) {
                some.add(timed.get(i * timed.size() / MAX_MEASURED));
            }
            timed = some;
        }
        Map<String, Double> secondsPerStep = new HashMap<>();
        Map<DatasetName, Integer> sizes = new HashMap<>();
        Memory.Sampler.Peaks peaks;
        try (WorkerProcess worker = new WorkerProcess(workerCommand, layout.threads());
                Memory.Sampler memory = new Memory.Sampler(ProcessExecutor.SAMPLE_MILLIS)) {
            memory.watch(worker.pid());
            for (int i = 0; i < timed.size(); i++) {
                RunSettings r = timed.get(i);
                log.accept(String.format("dry run: timing network %d of %d (%s, %d steps)", i + 1, timed.size(),
                        r.method(), STEPS));
                worker.train(r, Math.max(2, STEPS / 4));
                JsonNode reply = worker.train(r, STEPS);
                if (!reply.path("ok").asBoolean()) {
                    return new Timed(layout.estimate(0, 0, 0, networks.size(), "the run " + r.method() + " failed: "
                            + reply.path("error").asText()), null);
                }
                secondsPerStep.put(network(r), ProcessExecutor.trainingSeconds(reply) / STEPS);
            }
            for (RunSettings r : pending) {
                DatasetName name = r.dataset();
                if (!sizes.containsKey(name)) {
                    sizes.put(name, ImageCache.open(name, dataDirs.get(name)).bytes().trainSize());
                }
            }
            peaks = memory.peaks(worker.pid());
        } catch (IOException | RuntimeException e) {
            return new Timed(layout.estimate(0, 0, 0, networks.size(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse("")), null);
        }
        double low = 0;
        double high = 0;
        double longestLow = 0;
        double longestHigh = 0;
        int fewestEpochs = Integer.MAX_VALUE;
        int mostEpochs = 0;
        long epochsLow = 0;
        long epochsHigh = 0;
        for (RunSettings r : pending) {
            Double s = secondsPerStep.get(network(r));
            if (s == null) { // not timed: the mean of the timed networks of its model
                s = secondsPerStep.entrySet().stream()
                        .filter(e -> networks.get(e.getKey()).cnn() == r.cnn())
                        .mapToDouble(Map.Entry::getValue).average()
                        .orElse(secondsPerStep.values().stream().mapToDouble(Double::doubleValue).average().orElse(0));
            }
            var t = r.trainConfig();
            int examples = t.trainingExamples(sizes.get(r.dataset()));
            long steps = (examples + t.batch() - 1) / t.batch();
            int fewest = t.patience() > 0 ? Math.min(t.epochs(), t.patience() + 1) : t.epochs();
            low += s * steps * fewest;
            high += s * steps * t.epochs();
            longestLow = Math.max(longestLow, s * steps * fewest);
            longestHigh = Math.max(longestHigh, s * steps * t.epochs());
            fewestEpochs = Math.min(fewestEpochs, fewest);
            mostEpochs = Math.max(mostEpochs, t.epochs());
            epochsLow += fewest;
            epochsHigh += t.epochs();
        }
        Work work = new Work(low, high, longestLow, longestHigh, fewestEpochs, mostEpochs, epochsLow, epochsHigh,
                peaks.anon(), peaks.file(), layout.threads());
        return new Timed(layout.estimate(low / layout.atOnce(), high / layout.atOnce(), secondsPerStep.size(),
                networks.size(), null), work);
    }
}
