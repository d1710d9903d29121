package adiv.sweep;

import adiv.data.DatasetName;
import adiv.data.ImageCache;
import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import ai.djl.ndarray.NDManager;
import adiv.probe.ProbeRecord;
import adiv.train.CheckpointFile;
import adiv.train.Checkpoints;
import adiv.train.EpochResult;
import adiv.train.KernelFault;
import adiv.train.RunResult;
import adiv.train.TrainingFault;
import adiv.train.TrainingListener;
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
import java.util.function.Consumer;

/**
 * The other end of {@link ProcessExecutor}: a process that trains the runs it is sent, one JSON line
 * in ({@code {"config": "<canonical JSON>", "method": "...", "max_steps": 0, "checkpoint": "path"}}),
 * then lines out: {@code {"alive": true}} every few seconds whatever it is doing, {@code
 * {"progress": {...}}} after each epoch, and last the reply ({@code {"ok": true, "status", "epochs",
 * "probes", "seconds", "provenance"}} or {@code {"ok": false, "error"}}), until its input closes.
 * Each data set is loaded once per worker. The Spark executor sends its tasks the same lines, and
 * the driver records replies the same way ({@link #record}).
 *
 * <p>A worker watches its parent: when its input closes or its parent process is gone it stops at
 * once (within a fraction of a second), and it never publishes a checkpoint after that, so a sweep
 * resumed at once neither shares the CPU with orphans nor races them for a run's checkpoint.
 */
public final class Worker {

    /** JSON that carries NaN and infinities (a diverged run's losses): written as strings, read back. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /**
     * Test-only switch (a system property of the worker): a run of this method makes its worker halt
     * at once, as a native crash would, so that tests can see a run that always kills its worker.
     */
    public static final String CRASH_PROPERTY = "adiv.test.crash-method";

    /** Seconds between two "alive" lines. */
    static final long HEARTBEAT_SECONDS = 5;

    private Worker() {}

    /**
     * Serves requests from in until it closes; writes only protocol lines to out.
     *
     * @param engine sets the engine up (its threads: loading libtorch takes a moment, so it runs
     *     once the worker answers) and returns the intra-op threads it trains with
     */
    public static void serve(BufferedReader in, PrintStream out, Map<DatasetName, Path> dataDirs,
            java.util.function.IntSupplier engine) throws InterruptedException {
        Lifeline life = Lifeline.watchParent();
        java.util.concurrent.BlockingQueue<String> requests = new java.util.concurrent.LinkedBlockingQueue<>();
        daemon("adiv worker input", () -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        requests.add(line);
                    }
                }
            } catch (IOException e) {
                // as closed
            }
            life.halt("its input closed");
        });
        daemon("adiv worker heartbeat", () -> {
            while (true) {
                out.println("{\"alive\": true}");
                out.flush();
                try {
                    Thread.sleep(HEARTBEAT_SECONDS * 1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int threads = engine.getAsInt();
        try (NDManager manager = NDManager.newBaseManager()) {
            Data data = new Data(dataDirs, manager);
            while (true) {
                String request = requests.take();
                String reply = handle(request, data, line -> {
                    out.println(line);
                    out.flush();
                }, life, threads);
                out.println(reply);
                out.flush();
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * A worker's tie to its parent: a thread that halts the process within a fifth of a second of the
     * parent's end, and the gate every checkpoint is published through, so that nothing is written
     * once the parent is gone.
     */
    static final class Lifeline implements CheckpointFile.Gate {
        private final ProcessHandle parent;

        private Lifeline(ProcessHandle parent) {
            this.parent = parent;
        }

        static Lifeline watchParent() {
            ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            Lifeline life = new Lifeline(parent);
            daemon("adiv worker lifeline", () -> {
                while (true) {
                    if (!life.parentAlive()) {
                        life.halt("its parent process ended");
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return life;
        }

        boolean parentAlive() {
            return parent != null && parent.isAlive();
        }

        /** Stops the process now: no shutdown hooks, no further writes. */
        synchronized void halt(String why) {
            System.err.println("adiv worker: stopping: " + why);
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }

        /** {@inheritDoc} Publishes only while the parent lives; a halt waits until it is done. */
        @Override
        public synchronized void commit(CheckpointFile.IoAction publish) throws IOException {
            if (!parentAlive()) {
                halt("its parent process ended");
            }
            publish.run();
        }
    }

    /** The data sets a worker has loaded, each once, whichever run asks first. */
    public static final class Data {
        private final Map<DatasetName, Path> dirs;
        private final NDManager manager;
        private final Map<String, TensorDataset> cache = new HashMap<>();
        private final Map<DatasetName, ImageCache.Opened> opened = new HashMap<>();

        /**
         * @param dirs a directory per data set, where it is not in its usual place
         * @param manager holds the tensors (and closes them)
         */
        public Data(Map<DatasetName, Path> dirs, NDManager manager) {
            this.dirs = dirs;
            this.manager = manager;
        }

        synchronized TensorDataset get(DatasetName name, Preprocessing prep) {
            return cache.computeIfAbsent(name.id() + "/" + prep, k -> {
                // The bytes once per data set, whatever the preprocessing: a mapped file's pages are
                // shared with every other worker on the machine; a copy is this process's own.
                ImageCache.Opened bytes = opened.computeIfAbsent(name, n -> {
                    ImageCache.Opened o = ImageCache.open(n, dirs.get(n));
                    System.err.printf("adiv worker: %s: %s %.1f MB (%s)%n", n.id(), o.bytes().mapped() ? "maps"
                            : "holds", o.bytes().bytes() / 1e6, o.note());
                    System.err.flush();
                    return o;
                });
                return TensorDataset.of(bytes.bytes(), prep, manager);
            });
        }

        /**
         * What this worker holds of a data set it has loaded, for the sweep's log: where, how many
         * bytes, whether mapped (shared by the machine's workers) or a copy of its own.
         */
        synchronized Map<String, Object> held(DatasetName name) {
            ImageCache.Opened o = opened.get(name);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", name.id());
            m.put("host", host());
            if (o != null) {
                m.put("bytes", o.bytes().bytes());
                m.put("mapped", o.bytes().mapped());
                m.put("file", o.bytes().file() == null ? null : o.bytes().file().toString());
                m.put("note", o.note());
            }
            adiv.engine.Memory.Usage u = adiv.engine.Memory.of(ProcessHandle.current().pid());
            m.put("worker_peak_bytes", u.peak());
            m.put("worker_own_bytes", u.anon());
            return m;
        }

        private static String host() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "this machine";
            }
        }
    }

    /**
     * The request line for a run: its canonical configuration, method and step limit, and where it
     * keeps its checkpoint (null: none, as when calibrating or on a cluster without a shared disk).
     */
    public static String request(RunSettings run, long maxSteps, Path checkpoint) throws JsonProcessingException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("config", run.canonical());
        r.put("method", run.method());
        r.put("max_steps", maxSteps);
        r.put("checkpoint", checkpoint == null ? null : checkpoint.toAbsolutePath().toString());
        return JSON.writeValueAsString(r);
    }

    /**
     * Trains the run of one request line and returns the reply line (an error is a reply too).
     *
     * @param progress receives a progress line after each epoch
     * @param gate publishes checkpoints
     * @param threads the intra-op threads it trains with
     */
    public static String handle(String requestLine, Data data, Consumer<String> progress, CheckpointFile.Gate gate,
            int threads) {
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            Map<?, ?> request = JSON.readValue(requestLine, Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> config = JSON.readValue((String) request.get("config"), TreeMap.class);
            RunSettings run = new RunSettings(config, String.valueOf(request.get("method")));
            if (run.method().equals(System.getProperty(CRASH_PROPERTY))) {
                System.err.println("adiv worker: crashing on purpose (" + CRASH_PROPERTY + "=" + run.method() + ")");
                System.err.flush();
                Runtime.getRuntime().halt(134);
            }
            TensorDataset tensors = data.get(run.dataset(), run.preprocessing());
            long maxSteps = ((Number) request.get("max_steps")).longValue();
            Object where = request.get("checkpoint");
            Checkpoints checkpoints = where == null ? Checkpoints.NONE
                    : new CheckpointFile(Path.of((String) where), RunStore.sha256(run.canonical()), gate, line -> {
                        System.err.println("adiv worker: " + line);
                        System.err.flush();
                    });
            RunTrainer.Outcome o = RunTrainer.train(run, tensors, maxSteps, checkpoints, new ProgressLines(progress, run.trainConfig().epochs()));
            reply.put("ok", true);
            reply.put("status", o.result().status());
            reply.put("stopped", o.result().stopped());
            reply.put("epochs", o.result().epochs());
            reply.put("probes", o.probes());
            reply.put("seconds", o.seconds());
            reply.put("provenance", Provenance.here(threads, o.kernels()).asMap());
            reply.put("data", data.held(run.dataset()));
        } catch (RuntimeException | JsonProcessingException e) {
            reply.clear();
            reply.put("ok", false);
            // A kernel this CPU computes wrongly is said as it is, not as an exception's class; what
            // the network threw, with the epoch and step it threw in.
            reply.put("error", e instanceof KernelFault ? e.getMessage()
                    : e instanceof TrainingFault f ? "the network threw " + f.where() + ": " + f.getCause()
                    : e.toString());
        }
        try {
            return JSON.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            return "{\"ok\": false, \"error\": \"the reply could not be written\"}";
        }
    }

    /** Writes a progress line after each epoch: the epoch, the test accuracy and the best so far. */
    private static final class ProgressLines implements TrainingListener {
        private final Consumer<String> out;
        private final int epochs;
        private int resumedAfter;
        private double best = Double.NaN;

        ProgressLines(Consumer<String> out, int epochs) {
            this.out = out;
            this.epochs = epochs;
        }

        @Override
        public void resumed(List<EpochResult> done) {
            resumedAfter = done.size();
            done.forEach(e -> best = better(best, judged(e)));
        }

        /** What a run is judged on: validation accuracy where there is a validation split. */
        private static double judged(EpochResult e) {
            return Double.isNaN(e.valAcc()) ? e.testAcc() : e.valAcc();
        }

        @Override
        public void epochEnded(EpochResult e) {
            best = better(best, judged(e));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", e.epoch());
            p.put("epochs", epochs);
            p.put("test_acc", e.testAcc());
            p.put("val_acc", e.valAcc());
            p.put("best_acc", best);
            p.put("seconds", e.seconds());
            p.put("resumed_after", resumedAfter);
            p.put("pid", ProcessHandle.current().pid());
            try {
                out.accept(JSON.writeValueAsString(Map.of("progress", p)));
            } catch (JsonProcessingException ex) {
                // progress is a courtesy; the reply carries the results
            }
        }

        private static double better(double a, double b) {
            return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        }
    }

    /** A progress line's numbers, or null when the line is not one. */
    static RunProgress progress(JsonNode line) {
        JsonNode p = line.get("progress");
        if (p == null) {
            return null;
        }
        return new RunProgress(p.path("epoch").asInt(), p.path("epochs").asInt(), p.path("test_acc").asDouble(Double.NaN),
                p.path("best_acc").asDouble(Double.NaN), p.path("seconds").asDouble(), p.path("resumed_after").asInt(),
                p.path("pid").asLong());
    }

    /** A failed reply's error message. */
    static String error(String replyLine) {
        try {
            return JSON.readTree(replyLine).path("error").asText("no reply");
        } catch (JsonProcessingException e) {
            return "unreadable reply: " + e.getOriginalMessage();
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
        String status = reply.get("status").asText();
        RunResult result = reply.hasNonNull("stopped") ? new RunResult(status, epochs, reply.get("stopped").asText())
                : new RunResult(status, epochs);
        JsonNode p = reply.get("provenance");
        Provenance provenance = p == null ? null : Provenance.fromMap(JSON.convertValue(p, new TypeReference<Map<String, Object>>() {}));
        store.finish(id, result, probes, reply.get("seconds").asDouble(), provenance);
        return result.status();
    }
}
