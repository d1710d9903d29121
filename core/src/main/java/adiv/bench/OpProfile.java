package adiv.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * libtorch's own profiler, reached through DJL ({@link JniUtils#startProfile}), and a reading of
 * its chrome trace: the self time of every operator (its time less that of the operators it
 * called), summed by operator and by kind. What no operator covers is time spent outside libtorch:
 * Java, JNI crossings and the allocator.
 */
public final class OpProfile {

    /** What an operator's time is spent on. */
    public enum Kind { MATRIX_PRODUCTS, ELEMENTWISE_AND_REDUCTIONS, MEMORY_AND_INDEXING, AUTOGRAD_AND_OTHER }

    /** Self time of one operator across the trace. */
    public record Op(String name, Kind kind, long calls, double seconds) {}

    private OpProfile() {}

    /** Starts recording every operator (shapes recorded, memory not). */
    public static void start() {
        JniUtils.startProfile(false, true, false);
    }

    /** Stops recording and writes the chrome trace to the file. */
    public static void stop(Path trace) {
        try {
            Path parent = trace.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + trace.getParent(), e);
        }
        JniUtils.stopProfile(trace.toString());
    }

    /** The kind of an operator, from its name. */
    public static Kind kind(String name) {
        String n = name.replace("aten::", "");
        if (n.matches("(addmm|mm|bmm|matmul|linear|baddbmm|addmv|mv|dot)|.*conv.*|mkldnn_.*|thnn_.*|.*_convolution.*")) {
            return Kind.MATRIX_PRODUCTS;
        }
        if (n.matches("(empty.*|zeros.*|ones.*|index.*|scatter.*)") || n.matches("(copy_|clone|contiguous|gather|slice|select|view|reshape|"
                + "_reshape_alias|as_strided|expand|permute|transpose|t|unsqueeze|squeeze|flatten|cat|stack|to|_to_copy|"
                + "resize_|narrow|fill_|zero_|set_|detach|detach_|alias|lift_fresh|numpy_T|unfold|item|_local_scalar_dense)")) {
            return Kind.MEMORY_AND_INDEXING;
        }
        if (n.startsWith("autograd::") || n.contains("Backward") || n.startsWith("torch::autograd")) {
            return Kind.AUTOGRAD_AND_OTHER;
        }
        return Kind.ELEMENTWISE_AND_REDUCTIONS;
    }

    /** Self time per operator in a chrome trace, largest first. */
    public static List<Op> read(Path trace) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(trace.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + trace, e);
        }
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<Long, List<long[]>> byThread = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            long ts = Math.round(e.path("ts").asDouble() * 1000);
            long dur = Math.round(e.path("dur").asDouble() * 1000);
            byThread.computeIfAbsent(e.path("tid").asLong(), k -> new ArrayList<>())
                    .add(new long[] {ts, dur, names.size() - 1});
        }
        Map<String, double[]> self = new LinkedHashMap<>();
        for (List<long[]> list : byThread.values()) {
            // Parents start first and, at a tie, last longer: a stack of open events gives each
            // event's parent, whose self time loses the child's duration.
            list.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparing(a -> -a[1]));
            long[] selfNanos = new long[list.size()];
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < list.size(); i++) {
                long[] e = list.get(i);
                while (!open.isEmpty() && list.get(open.peek())[0] + list.get(open.peek())[1] <= e[0]) {
                    open.pop();
                }
                selfNanos[i] = e[1];
                if (!open.isEmpty()) {
                    selfNanos[open.peek()] -= e[1];
                }
                open.push(i);
            }
            for (int i = 0; i < list.size(); i++) {
                double[] s = self.computeIfAbsent(names.get((int) list.get(i)[2]), k -> new double[2]);
                s[0] += 1;
                s[1] += selfNanos[i] / 1e9;
            }
        }
        List<Op> ops = new ArrayList<>();
        self.forEach((name, s) -> ops.add(new Op(name, kind(name), (long) s[0], s[1])));
        ops.sort(Comparator.comparingDouble(Op::seconds).reversed());
        return ops;
    }

    /** Seconds by kind. */
    public static Map<Kind, Double> byKind(List<Op> ops) {
        Map<Kind, Double> total = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            total.put(k, 0.0);
        }
        ops.forEach(o -> total.merge(o.kind(), o.seconds(), Double::sum));
        return total;
    }
}
