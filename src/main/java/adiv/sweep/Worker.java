package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other end of {@link ProcessExecutor}: a process that trains the runs it is sent, one JSON line
 * in ({@code {"config": "<canonical JSON>", "method": "...", "max_steps": 0}}), one JSON line out
 * ({@code {"ok": true, "status", "epochs", "probes", "seconds"}} or {@code {"ok": false, "error"}}),
 * until its input closes. Each data set is loaded once per worker.
 */
public final class Worker {

    /** JSON that carries NaN and infinities (a diverged run's losses): written as strings, read back. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Worker() {}

    /** Serves requests from in until it closes; writes only protocol lines to out. */
    public static void serve(BufferedReader in, PrintStream out, Map<DatasetName, Path> dataDirs) throws IOException {
        Map<String, TensorDataset> cache = new HashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> reply = new LinkedHashMap<>();
                try {
                    Map<?, ?> request = JSON.readValue(line, Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> config = JSON.readValue((String) request.get("config"), TreeMap.class);
                    RunSettings run = new RunSettings(config, String.valueOf(request.get("method")));
                    DatasetName name = run.dataset();
                    Preprocessing prep = run.preprocessing();
                    TensorDataset data = cache.computeIfAbsent(name.id() + "/" + prep,
                            k -> TensorDataset.of(name.load(dataDirs.get(name)), prep, manager));
                    long maxSteps = ((Number) request.get("max_steps")).longValue();
                    RunTrainer.Outcome o = RunTrainer.train(run, data, maxSteps);
                    reply.put("ok", true);
                    reply.put("status", o.result().status());
                    reply.put("epochs", o.result().epochs());
                    reply.put("probes", o.probes());
                    reply.put("seconds", o.seconds());
                } catch (RuntimeException e) {
                    reply.put("ok", false);
                    reply.put("error", e.toString());
                }
                out.println(JSON.writeValueAsString(reply));
                out.flush();
            }
        }
    }
}
