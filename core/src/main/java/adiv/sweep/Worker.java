package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import ai.djl.ndarray.NDManager;
import adiv.probe.ProbeRecord;
import adiv.train.EpochResult;
import adiv.train.RunResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other end of {@link ProcessExecutor}: a process that trains the runs it is sent, one JSON line
 * in ({@code {"config": "<canonical JSON>", "method": "...", "max_steps": 0}}), one JSON line out
 * ({@code {"ok": true, "status", "epochs", "probes", "seconds"}} or {@code {"ok": false, "error"}}),
 * until its input closes. Each data set is loaded once per worker. The Spark executor sends its tasks
 * the same lines ({@link #handle}), and the driver records replies the same way ({@link #record}).
 */
public final class Worker {

    /** JSON that carries NaN and infinities (a diverged run's losses): written as strings, read back. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Worker() {}

    /** Serves requests from in until it closes; writes only protocol lines to out. */
    public static void serve(BufferedReader in, PrintStream out, Map<DatasetName, Path> dataDirs) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Data data = new Data(dataDirs, manager);
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.println(handle(line, data));
                    out.flush();
                }
            }
        }
    }

    /** The data sets a worker has loaded, each once, whichever run asks first. */
    public static final class Data {
        private final Map<DatasetName, Path> dirs;
        private final NDManager manager;
        private final Map<String, TensorDataset> cache = new HashMap<>();

        /**
         * @param dirs a directory per data set, where it is not in its usual place
         * @param manager holds the tensors (and closes them)
         */
        public Data(Map<DatasetName, Path> dirs, NDManager manager) {
            this.dirs = dirs;
            this.manager = manager;
        }

        synchronized TensorDataset get(DatasetName name, Preprocessing prep) {
            return cache.computeIfAbsent(name.id() + "/" + prep,
                    k -> TensorDataset.of(name.load(dirs.get(name)), prep, manager));
        }
    }

    /** The request line for a run: its canonical configuration, method and step limit. */
    public static String request(RunSettings run, long maxSteps) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("config", run.canonical(), "method", run.method(), "max_steps", maxSteps));
    }

    /** Trains the run of one request line and returns the reply line (an error is a reply too). */
    public static String handle(String requestLine, Data data) {
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            Map<?, ?> request = JSON.readValue(requestLine, Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> config = JSON.readValue((String) request.get("config"), TreeMap.class);
            RunSettings run = new RunSettings(config, String.valueOf(request.get("method")));
            TensorDataset tensors = data.get(run.dataset(), run.preprocessing());
            long maxSteps = ((Number) request.get("max_steps")).longValue();
            RunTrainer.Outcome o = RunTrainer.train(run, tensors, maxSteps);
            reply.put("ok", true);
            reply.put("status", o.result().status());
            reply.put("epochs", o.result().epochs());
            reply.put("probes", o.probes());
            reply.put("seconds", o.seconds());
        } catch (RuntimeException | JsonProcessingException e) {
            reply.clear();
            reply.put("ok", false);
            reply.put("error", e.toString());
        }
        try {
            return JSON.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            return "{\"ok\": false, \"error\": \"the reply could not be written\"}";
        }
    }

    /** As {@link #record(RunStore, long, JsonNode)}, from a reply line. */
    public static String record(RunStore store, long id, String replyLine) {
        JsonNode reply;
        try {
            reply = JSON.readTree(replyLine);
        } catch (JsonProcessingException e) {
            store.fail(id, "unreadable reply: " + e.getOriginalMessage());
            return StoredRun.FAILED;
        }
        return record(store, id, reply);
    }

    /**
     * Writes a reply into the store, the run's results and status in one transaction.
     *
     * @return the run's status
     */
    public static String record(RunStore store, long id, JsonNode reply) {
        if (!reply.path("ok").asBoolean(false)) {
            store.fail(id, reply.path("error").asText("no reply"));
            return StoredRun.FAILED;
        }
        List<EpochResult> epochs = JSON.convertValue(reply.get("epochs"), new TypeReference<List<EpochResult>>() {});
        List<ProbeRecord> probes = JSON.convertValue(reply.get("probes"), new TypeReference<List<ProbeRecord>>() {});
        RunResult result = new RunResult(reply.get("status").asText(), epochs);
        store.finish(id, result, probes, reply.get("seconds").asDouble());
        return result.status();
    }
}
