package adiv.sweep;

import adiv.data.DatasetName;
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
            Estimate estimate) {}

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
        Estimate estimate = workerCommand == null || pending.isEmpty()
                ? layout.estimate(0, 0, 0, 0, pending.isEmpty() ? null : "not timed")
                : estimate(pending, workerCommand, layout, dataDirs, log);
        return new Plan(spec, runs, pending, methods, estimate);
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

    /** A run's network and its data, everything that sets its step's cost: its settings but the seed. */
    private static String network(RunSettings run) {
        Map<String, Object> c = new TreeMap<>(run.config());
        c.remove("seed");
        return SweepSpec.canonical(c);
    }

    private static Estimate estimate(List<RunSettings> pending, List<String> workerCommand, Layout layout,
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
        try (WorkerProcess worker = new WorkerProcess(workerCommand, layout.threads())) {
            for (int i = 0; i < timed.size(); i++) {
                RunSettings r = timed.get(i);
                log.accept(String.format("dry run: timing network %d of %d (%s, %d steps)", i + 1, timed.size(),
                        r.method(), STEPS));
                worker.train(r, Math.max(2, STEPS / 4));
                JsonNode reply = worker.train(r, STEPS);
                if (!reply.path("ok").asBoolean()) {
                    return layout.estimate(0, 0, 0, networks.size(), "the run " + r.method() + " failed: "
                            + reply.path("error").asText());
                }
                secondsPerStep.put(network(r), ProcessExecutor.trainingSeconds(reply) / STEPS);
            }
            for (RunSettings r : pending) {
                DatasetName name = r.dataset();
                if (!sizes.containsKey(name)) {
                    sizes.put(name, name.load(dataDirs.get(name)).train().size());
                }
            }
        } catch (IOException | RuntimeException e) {
            return layout.estimate(0, 0, 0, networks.size(), String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        double low = 0;
        double high = 0;
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
        }
        return layout.estimate(low / layout.atOnce(), high / layout.atOnce(), secondsPerStep.size(), networks.size(), null);
    }
}
