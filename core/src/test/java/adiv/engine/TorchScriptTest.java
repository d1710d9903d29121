package adiv.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TorchScriptTest {

    /** DJL's temporary model directories in the temporary directory. */
    private static Set<Path> modelDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("pt-model")).collect(Collectors.toSet());
        }
    }

    @Test
    void aModuleLoadsOnceAndLeavesNoTemporaryDirectory() throws IOException {
        Set<Path> before = modelDirectories();
        // A function of this test's own: a fresh load, whatever ran before.
        TorchScript.Function rows = TorchScript.function(TorchScriptTest.class, "/adiv/data/rows.pt");
        assertSame(rows.module(), rows.module(), "loaded once, then shared");
        Set<Path> after = modelDirectories();
        after.removeAll(before);
        assertEquals(Set.of(), after, "temporary model directories left behind");
    }

    @Test
    void aFunctionsResultIsKeptByTheScopeGiven() {
        TorchScript.Function rows = TorchScript.function(TorchScriptTest.class, "/adiv/data/rows.pt");
        try (NDManager manager = NDManager.newBaseManager(); NDManager scope = manager.newSubManager()) {
            NDArray all = manager.create(new float[] {0, 1, 2, 3, 4, 5}, new ai.djl.ndarray.types.Shape(3, 2));
            NDArray picked = rows.apply(scope, all, manager.create(new long[] {2, 0}));
            assertArrayEquals(new float[] {4, 5, 0, 1}, picked.toFloatArray());
            assertSame(scope, picked.getManager());
        }
    }
}
