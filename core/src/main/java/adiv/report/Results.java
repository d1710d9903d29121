package adiv.report;

import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep's finished runs, grouped: a configuration is every setting but the seed, and its
 * repeats are its runs with different seeds.
 */
public final class Results {

    /** One configuration with its repeats. */
    public record Group(Map<String, Object> key, List<RunOutcome> runs) {

        public Summary finalAcc() {
            return Summary.of(runs.stream().mapToDouble(RunOutcome::finalAcc).toArray());
        }

        /** Test accuracy at the epoch selected on the validation split (the headline). */
        public Summary selectedAcc() {
            return Summary.of(runs.stream().mapToDouble(RunOutcome::selectedAcc).toArray());
        }

        /** Runs that stopped because validation accuracy stopped improving. */
        public long stagnated() {
            return runs.stream().filter(r -> "stagnated".equals(r.stopped())).count();
        }

        /** Epochs trained, mean over the runs. */
        public double meanEpochs() {
            return runs.stream().mapToInt(RunOutcome::epochs).average().orElse(Double.NaN);
        }

        public long diverged() {
            return runs.stream().filter(r -> !r.status().equals(StoredRun.DONE)).count();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a run's provenance records, in the order a report lists it. */
    public static final List<String> PROVENANCE = List.of("adiv", "commit", "djl", "libtorch", "cpu", "threads", "kernels",
            "plugins");

    private final List<RunOutcome> runs;
    private final String spec;
    private final Map<String, Map<String, Integer>> provenance;

    public Results(List<RunOutcome> runs, String spec) {
        this(runs, spec, Map.of());
    }

    /**
     * @param provenance per field of {@link #PROVENANCE}, each distinct value with its number of runs
     */
    public Results(List<RunOutcome> runs, String spec, Map<String, Map<String, Integer>> provenance) {
        this.runs = runs;
        this.spec = spec;
        this.provenance = provenance;
    }

    /** Reads every finished run of a store. */
    public static Results of(RunStore store) {
        List<RunOutcome> runs = new ArrayList<>();
        for (StoredRun r : store.runs()) {
            if (r.finished()) {
                runs.add(outcome(store, r, store.epochs(r.id())));
            }
        }
        Map<String, Map<String, Integer>> provenance = new LinkedHashMap<>();
        PROVENANCE.forEach(f -> provenance.put(f, new TreeMap<>()));
        for (Map<String, Object> row : store.provenance()) {
            for (String f : PROVENANCE) {
                Object v = row.get(f);
                String value = v == null ? "not recorded" : String.valueOf(v);
                if (f.equals("plugins") && v != null) {
                    // the jars beside the method they built: "power-quarter: power-map.jar sha256:..."
                    value = value.isEmpty() ? "none (adiv's own methods)" : row.get("method") + ": " + value;
                }
                provenance.get(f).merge(value, 1, Integer::sum);
            }
        }
        return new Results(runs, store.spec(), provenance);
    }

    /**
     * One stored run as a report sees it.
     *
     * @param epochs its rows of the epochs table (the caller may need them too)
     */
    static RunOutcome outcome(RunStore store, StoredRun r, List<Map<String, Object>> epochs) {
        List<Double> acc = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (Map<String, Object> e : epochs) {
            acc.add(number(e.get("test_acc")));
            val.add(number(e.get("val_acc")));
        }
        try {
            Map<String, Object> config = JSON.readValue(r.config(), new TypeReference<TreeMap<String, Object>>() {});
            return new RunOutcome(config, r.status(), acc, store.probes(r.id()), val, store.stopped(r.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per provenance field, each distinct value among the finished runs with how many runs have it. */
    public Map<String, Map<String, Integer>> provenance() {
        return provenance;
    }

    private static double number(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    public List<RunOutcome> runs() {
        return runs;
    }

    /**
     * What the sweep's spec claims (its {@code claims:}); none when the spec declares none or can no
     * longer be read.
     */
    public List<adiv.sweep.Claim> claims() {
        if (spec == null) {
            return List.of();
        }
        try {
            return adiv.sweep.SweepSpec.parse(spec, "the stored spec").claims();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** The spec the sweep was run from. */
    public String spec() {
        return spec;
    }

    /** The settings that take more than one value across the runs (the seed excluded). */
    public List<String> varying() {
        Map<String, Set<Object>> values = new TreeMap<>();
        for (RunOutcome r : runs) {
            r.config().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        List<String> varying = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v.size() > 1 && !k.equals("seed") && !(values.containsKey("method") && !k.equals("method") && setByMethod(k))) {
                varying.add(k);
            }
        });
        // method first: it is what the figures compare
        if (varying.remove("method")) {
            varying.add(0, "method");
        }
        return varying;
    }

    /**
     * Whether a setting takes one value per method (map, norm, and lr where a method halves it):
     * then it says nothing the method column does not.
     */
    private boolean setByMethod(String key) {
        Map<Object, Set<Object>> perMethod = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        for (RunOutcome r : runs) {
            perMethod.computeIfAbsent(r.config().get("method"), m -> new LinkedHashSet<>()).add(r.config().get(key));
        }
        return perMethod.values().stream().allMatch(v -> v.size() == 1);
    }

    /** The value every run shares for a setting, or null when it varies. */
    public Object shared(String key) {
        Set<Object> values = new LinkedHashSet<>();
        runs.forEach(r -> values.add(r.config().get(key)));
        return values.size() == 1 ? values.iterator().next() : null;
    }

    /** Groups the runs by the given settings, in the order the runs were planned. */
    public List<Group> groupBy(List<String> keys) {
        Map<Map<String, Object>, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (RunOutcome r : runs) {
            Map<String, Object> key = new LinkedHashMap<>();
            for (String k : keys) {
                key.put(k, r.config().get(k));
            }
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((k, v) -> out.add(new Group(k, v)));
        return out;
    }
}
