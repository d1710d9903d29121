package adiv.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Worker} process and its pipes: one request line in; heartbeats, progress lines and one
 * reply line out. Training runs in separate processes because DJL's PyTorch engine lets one gradient
 * collector work at a time in a JVM; each process has its own intra-op threads, and a crash of one
 * (a native fault, an out-of-memory kill) costs only the run it was training.
 *
 * <p>Its error output is kept: the last lines in memory, for the run's error when the process dies,
 * and every line in a log file when one is given, each prefixed with the process id.
 */
public final class WorkerProcess implements AutoCloseable {

    /** The process failed the run it was given: it ended, or stopped answering. */
    public static final class Fault extends IOException {
        private static final long serialVersionUID = 1L;

        Fault(String message) {
            super(message);
        }
    }

    /** How long a worker may say nothing (it says "alive" every few seconds) before it counts as hung. */
    public static final Duration DEFAULT_SILENCE = Duration.ofSeconds(60);

    private static final String END = "\u0000end";
    private static final int TAIL = 20;

    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread stderrReader;
    private final Duration silence;

    /**
     * Starts a worker.
     *
     * @param command the command that starts a worker ({@code --threads} is appended)
     * @param threads its intra-op threads
     * @param log a file its error output is appended to, or null
     * @param silence how long it may say nothing before it counts as hung
     */
    public WorkerProcess(List<String> command, int threads, Path log, Duration silence) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add("--threads");
        cmd.add(String.valueOf(threads));
        this.silence = silence;
        ProcessBuilder builder = new ProcessBuilder(cmd);
        // A worker shares the cores with its siblings: OpenMP threads that spin while they wait for
        // work take cores another process needs (BENCHMARKS.md, "Sharing the CPU"). A value the user
        // set is kept.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        process = builder.start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread stdoutReader = new Thread(this::readReplies, "adiv worker " + process.pid() + " output");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        stderrReader = new Thread(() -> readErrors(log), "adiv worker " + process.pid() + " errors");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /**
     * The JVM options a worker process starts with: $ADIV_WORKER_JAVA_OPTS where set (split at
     * spaces), else {@link #DEFAULT_JVM_OPTIONS}.
     */
    public static List<String> jvmOptions() {
        String opts = System.getenv("ADIV_WORKER_JAVA_OPTS");
        if (opts == null) {
            return DEFAULT_JVM_OPTIONS;
        }
        return java.util.Arrays.stream(opts.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
    }

    /**
     * A worker's Java heap holds little (requests, replies, a batch's row numbers; the data and the
     * network live in libtorch's memory), but the JVM's defaults size it by the machine's memory and
     * let it grow: a quarter of it at most, with a young generation that is touched, and so resident,
     * long before it is full. A serial collector with a 16 MB young generation, on a heap of at most
     * 512 MB, kept a CIFAR-10 worker's own pages at 0.26 GB where the JVM's defaults let them reach
     * 0.37 GB (BENCHMARKS.md, "Memory per worker"); the heap still holds a data set read in full where
     * its file cannot be written (CIFAR-10: 184 MB).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx512m", "-Xmn16m");

    /** A worker with the default silence limit and no log file. */
    public WorkerProcess(List<String> command, int threads) throws IOException {
        this(command, threads, null, DEFAULT_SILENCE);
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
        lines.add(END);
    }

    private void readErrors(Path log) {
        Writer file = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            if (log != null) {
                Files.createDirectories(log.toAbsolutePath().getParent());
                file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            for (String line; (line = err.readLine()) != null; ) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
                if (file != null) {
                    file.write("[worker " + process.pid() + "] " + line + "\n");
                    file.flush();
                }
            }
        } catch (IOException e) {
            // the process ended, or the log cannot be written: the tail in memory is still kept
        } finally {
            try {
                if (file != null) {
                    file.close();
                }
            } catch (IOException ignored) {
                // nothing more to keep
            }
        }
    }

    /** Sends one run and waits for its reply, ignoring progress. */
    public JsonNode train(RunSettings run, long maxSteps) throws IOException {
        return Worker.JSON.readTree(send(Worker.request(run, maxSteps, null), p -> {}));
    }

    /** Sends one request line and returns the reply line, ignoring progress. */
    public String send(String request) throws IOException {
        return send(request, p -> {});
    }

    /**
     * Sends one request line and returns the reply line; progress lines go to {@code progress} as
     * they come.
     *
     * @throws Fault when the process ends, or says nothing for longer than the silence limit (it is
     *     then killed)
     */
    public String send(String request, Consumer<RunProgress> progress) throws IOException {
        try {
            in.write(request);
            in.newLine();
            in.flush();
        } catch (IOException e) {
            throw fault("could not be sent the run (" + e.getMessage() + ")");
        }
        while (true) {
            String line;
            try {
                line = lines.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new Fault("interrupted");
            }
            if (line == null) {
                kill();
                throw fault("stopped answering (nothing for " + RetryPolicy.format(silence) + "; killed)");
            }
            if (line.equals(END)) {
                throw fault("ended");
            }
            JsonNode node;
            try {
                node = Worker.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                continue; // not a protocol line (a library writing to standard output)
            }
            if (node.has("alive")) {
                continue;
            }
            RunProgress p = Worker.progress(node);
            if (p != null) {
                progress.accept(p);
                continue;
            }
            return line;
        }
    }

    /** A fault with the process's exit status (once it ended) and the last lines of its error output. */
    private Fault fault(String what) {
        StringBuilder s = new StringBuilder("the worker process (pid " + process.pid() + ") " + what);
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                s.append(" with exit status ").append(process.exitValue());
            }
            stderrReader.join(2000); // the last words arrive after the output closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> last = stderrTail();
        if (!last.isEmpty()) {
            s.append("; the last lines of its error output:\n  ").append(String.join("\n  ", last));
        }
        return new Fault(s.toString());
    }

    /** The last lines of its error output. */
    public List<String> stderrTail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Its process id. */
    public long pid() {
        return process.pid();
    }

    /** Kills the process at once (a run in flight then fails with a {@link Fault}). */
    public void kill() {
        process.destroyForcibly();
    }

    /** Closes its input, which stops an idle worker at once; kills it if it has not ended in 10 s. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the process is ending anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
