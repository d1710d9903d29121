package adiv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading libtorch's chrome trace: self time is an operator's time less its children's. */
class OpProfileTest {

    @Test
    void selfTimeSubtractsNestedOperatorsOnTheSameThreadOnly(@TempDir Path dir) throws Exception {
        // Thread 1: linear [0, 100) calls addmm [10, 90), which calls copy_ [20, 30); then tanh [100, 140).
        // Thread 2: addmm [5, 55), overlapping thread 1's events in time but not nested in them.
        String trace = "{\"traceEvents\": ["
                + ev("aten::linear", 1, 0, 100) + "," + ev("aten::addmm", 1, 10, 80) + ","
                + ev("aten::copy_", 1, 20, 10) + "," + ev("aten::tanh", 1, 100, 40) + ","
                + ev("aten::addmm", 2, 5, 50) + ","
                + "{\"ph\": \"i\", \"name\": \"marker\", \"tid\": 1, \"ts\": 50}"
                + "]}";
        Path file = dir.resolve("t.json");
        Files.writeString(file, trace);
        Map<String, OpProfile.Op> ops = OpProfile.read(file).stream()
                .collect(Collectors.toMap(OpProfile.Op::name, o -> o));
        assertEquals(20e-6, ops.get("aten::linear").seconds(), 1e-12);
        assertEquals(120e-6, ops.get("aten::addmm").seconds(), 1e-12); // 80 - 10 on thread 1, 50 on thread 2
        assertEquals(2, ops.get("aten::addmm").calls());
        assertEquals(10e-6, ops.get("aten::copy_").seconds(), 1e-12);
        assertEquals(40e-6, ops.get("aten::tanh").seconds(), 1e-12);
        assertEquals(4, ops.size()); // the instant event is not an operator
        List<OpProfile.Op> sorted = OpProfile.read(file);
        assertEquals("aten::addmm", sorted.get(0).name());
        Map<OpProfile.Kind, Double> kinds = OpProfile.byKind(sorted);
        assertEquals(140e-6, kinds.get(OpProfile.Kind.MATRIX_PRODUCTS), 1e-12); // linear and addmm
        assertEquals(40e-6, kinds.get(OpProfile.Kind.ELEMENTWISE_AND_REDUCTIONS), 1e-12);
        assertEquals(10e-6, kinds.get(OpProfile.Kind.MEMORY_AND_INDEXING), 1e-12);
    }

    @Test
    void kindsByName() {
        assertEquals(OpProfile.Kind.MATRIX_PRODUCTS, OpProfile.kind("aten::mm"));
        assertEquals(OpProfile.Kind.MATRIX_PRODUCTS, OpProfile.kind("aten::mkldnn_convolution"));
        assertEquals(OpProfile.Kind.MATRIX_PRODUCTS, OpProfile.kind("aten::convolution_backward"));
        assertEquals(OpProfile.Kind.ELEMENTWISE_AND_REDUCTIONS, OpProfile.kind("aten::tanh"));
        assertEquals(OpProfile.Kind.ELEMENTWISE_AND_REDUCTIONS, OpProfile.kind("aten::max_pool2d_with_indices"));
        assertEquals(OpProfile.Kind.ELEMENTWISE_AND_REDUCTIONS, OpProfile.kind("aten::addcmul_"));
        assertEquals(OpProfile.Kind.MEMORY_AND_INDEXING, OpProfile.kind("aten::index"));
        assertEquals(OpProfile.Kind.MEMORY_AND_INDEXING, OpProfile.kind("aten::empty_strided"));
        assertEquals(OpProfile.Kind.MEMORY_AND_INDEXING, OpProfile.kind("aten::copy_"));
        assertEquals(OpProfile.Kind.AUTOGRAD_AND_OTHER, OpProfile.kind("autograd::engine::evaluate_function: AddmmBackward0"));
    }

    private static String ev(String name, int tid, double ts, double dur) {
        return "{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"" + name + "\", \"pid\": 1, \"tid\": " + tid
                + ", \"ts\": " + ts + ", \"dur\": " + dur + "}";
    }
}
