package adiv.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Worker} process and its pipes: one request line in, one reply line out. Training runs in
 * separate processes because DJL's PyTorch engine lets one gradient collector work at a time in a
 * JVM; each process has its own intra-op threads.
 */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    /**
     * Starts a worker.
     *
     * @param command the command that starts a worker ({@code --threads} is appended)
     * @param threads its intra-op threads
     */
    public WorkerProcess(List<String> command, int threads) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add("--threads");
        cmd.add(String.valueOf(threads));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one run and waits for its reply. */
    public JsonNode train(RunSettings run, long maxSteps) throws IOException {
        return Worker.JSON.readTree(send(Worker.request(run, maxSteps)));
    }

    /** Sends one request line and returns the reply line. */
    public String send(String request) throws IOException {
        in.write(request);
        in.newLine();
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the worker process ended (exit status " + waitFor() + ")");
        }
        return line;
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    private int waitFor() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the process is ending anyway
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
