package adiv.cli;

import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code adiv status DIR}: where a sweep stands, readable while it runs. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Prints how many runs of a sweep directory are queued, running, done, diverged and failed,"
                + " and for each failed run its settings, attempts and error; whether a sweep is running there."
                + " Safe while the sweep runs.",
            "Exit status 1 when a run failed."
        })
final class StatusCommand extends ResultCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", description = "The sweep directory.")
    Path dir;

    @Override
    public Integer call() {
        SweepDirectories.requireStore(dir);
        Map<String, Integer> counts;
        List<Map<String, Object>> failed = new ArrayList<>();
        int checkpoints;
        boolean active = RunStore.inUse(dir);
        try (RunStore store = RunStore.read(dir)) {
            counts = store.counts();
            List<String> varying = varying(store.runs());
            for (Map<String, Object> f : store.failures()) {
                Map<String, Object> config = config((String) f.get("config"));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", f.get("id"));
                row.put("method", config.get("method"));
                row.put("seed", config.get("seed"));
                Map<String, Object> settings = new LinkedHashMap<>();
                varying.forEach(k -> settings.put(k, config.get(k)));
                row.put("settings", json ? config : settings);
                row.put("attempts", f.get("attempts"));
                row.put("error", f.get("error"));
                failed.add(row);
            }
            checkpoints = checkpoints(dir);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("dir", dir.toString());
            all.put("counts", counts);
            all.put("sweep_running", active);
            all.put("checkpoints", checkpoints);
            all.put("failed", failed);
            Output.json(out, all);
        } else {
            out.printf("%s: %s%n", dir.resolve(RunStore.FILE), Output.counts(counts));
            if (!active && counts.getOrDefault(StoredRun.RUNNING, 0) > 0) {
                out.printf("no sweep is running here: the runs marked running were interrupted and go back in the"
                        + " queue when the sweep's command runs again%n");
            }
            if (checkpoints > 0) {
                out.printf(checkpoints == 1 ? "1 run in flight or queued keeps a checkpoint: it continues from its last epoch%n"
                        : "%d runs in flight or queued keep a checkpoint: they continue from their last epoch%n", checkpoints);
            }
            for (Map<String, Object> f : failed) {
                out.printf("%nrun %s failed (%s, seed %s; %s) after %s attempt(s):%n  %s%n", f.get("id"), f.get("method"),
                        f.get("seed"), f.get("settings"), f.get("attempts"),
                        String.valueOf(f.get("error")).replace("\n", "\n  "));
            }
            if (!failed.isEmpty()) {
                out.printf("%nRunning the sweep's command again retries failed runs with attempts left;"
                        + " --retry-failed retries every one.%n");
            }
            out.flush();
        }
        return counts.getOrDefault(StoredRun.FAILED, 0) > 0 ? Main.FAILED : 0;
    }

    /** The settings that differ between the store's runs (the seed and method apart). */
    private static List<String> varying(List<StoredRun> runs) {
        Map<String, Set<Object>> values = new TreeMap<>();
        for (StoredRun r : runs) {
            config(r.config()).forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        List<String> keys = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v.size() > 1 && !k.equals("seed") && !k.equals("method")) {
                keys.add(k);
            }
        });
        return keys;
    }

    private static Map<String, Object> config(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int checkpoints(Path dir) {
        Path d = dir.resolve(RunStore.CHECKPOINTS);
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (var files = Files.list(d)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
