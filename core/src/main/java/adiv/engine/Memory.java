package adiv.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Memory as Linux's /proc tells it: how much the machine has available ({@code MemAvailable}), and
 * what one process holds resident, split into its own pages (anonymous: heaps, libtorch's arrays)
 * and file pages (the libraries' code, a mapped data file), which every process that maps the same
 * file shares. Where /proc cannot be read (not Linux) every figure is -1.
 */
public final class Memory {

    private Memory() {}

    /** Bytes per kB as /proc writes them. */
    private static final long KB = 1024;

    /**
     * What a process holds resident, in bytes.
     *
     * @param rss resident now (VmRSS)
     * @param peak the most it has held resident (VmHWM)
     * @param anon its own pages now (RssAnon + RssShmem)
     * @param file file pages now (RssFile): shared with every process that maps the same files
     */
    public record Usage(long rss, long peak, long anon, long file) {
        /** Nothing read. */
        public static final Usage NONE = new Usage(-1, -1, -1, -1);

        public boolean known() {
            return rss >= 0;
        }
    }

    /** What process {@code pid} holds now; {@link Usage#NONE} when it has ended or /proc cannot be read. */
    public static Usage of(long pid) {
        Map<String, Long> status = fields(Path.of("/proc", String.valueOf(pid), "status"));
        Long rss = status.get("VmRSS");
        if (rss == null) {
            return Usage.NONE;
        }
        long anon = status.getOrDefault("RssAnon", -1L) + Math.max(0, status.getOrDefault("RssShmem", 0L));
        return new Usage(rss, status.getOrDefault("VmHWM", rss), anon, status.getOrDefault("RssFile", -1L));
    }

    /** The machine's available memory (MemAvailable), in bytes; -1 when /proc/meminfo cannot be read. */
    public static long available() {
        return fields(Path.of("/proc/meminfo")).getOrDefault("MemAvailable", -1L);
    }

    /** "Key: value kB" lines, in bytes. */
    static Map<String, Long> fields(Path file) {
        Map<String, Long> out = new java.util.HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).trim().split("\\s+");
            try {
                long v = Long.parseLong(value[0]);
                out.put(line.substring(0, colon).trim(), value.length > 1 && value[1].equals("kB") ? v * KB : v);
            } catch (NumberFormatException e) {
                // not a number: not a field read here
            }
        }
        return out;
    }

    /** Gigabytes with two decimals ("0.47 GB"), for messages. */
    public static String gb(long bytes) {
        return String.format("%.2f GB", bytes / 1e9);
    }

    /**
     * Samples processes' memory every few milliseconds on a daemon thread, keeping each one's
     * peaks: of its own pages, of its file pages, and its resident peak as the kernel counts it
     * (VmHWM, which no sample can miss).
     */
    public static final class Sampler implements AutoCloseable {

        /**
         * One process's peaks, in bytes.
         *
         * @param peak the most it held resident (VmHWM)
         * @param anon the most of its own pages seen, or its resident peak less its file pages where that
         *     is more (a peak between two samples)
         * @param file the most file pages seen
         * @param samples how many samples were taken
         */
        public record Peaks(long peak, long anon, long file, int samples) {}

        private final Map<Long, long[]> peaks = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        /** Starts sampling every {@code millis} ms; processes are added with {@link #watch}. */
        public Sampler(long millis) {
            thread = new Thread(() -> {
                while (running) {
                    peaks.keySet().forEach(this::sample);
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "adiv memory sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Samples this process from now on. */
        public void watch(long pid) {
            peaks.putIfAbsent(pid, new long[] {-1, -1, -1, 0});
            sample(pid);
        }

        private void sample(long pid) {
            Usage u = of(pid);
            long[] p = peaks.get(pid);
            if (p == null || !u.known()) {
                return;
            }
            synchronized (p) {
                p[0] = Math.max(p[0], u.peak());
                p[2] = Math.max(p[2], u.file());
                p[1] = Math.max(Math.max(p[1], u.anon()), u.peak() - p[2]);
                p[3]++;
            }
        }

        /** The peaks of a watched process (sampled once more now, while it still runs). */
        public Peaks peaks(long pid) {
            sample(pid);
            long[] p = peaks.get(pid);
            if (p == null) {
                return new Peaks(-1, -1, -1, 0);
            }
            synchronized (p) {
                return new Peaks(p[0], p[1], p[2], (int) p[3]);
            }
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
