package adiv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
        // An absolute resource name under a key of this test's own: a fresh load, whatever ran before.
        var first = TorchScript.module(TorchScriptTest.class, "/adiv/train/rows.pt");
        assertNotNull(first);
        assertSame(first, TorchScript.module(TorchScriptTest.class, "/adiv/train/rows.pt"), "loaded once, then shared");
        Set<Path> after = modelDirectories();
        after.removeAll(before);
        assertEquals(Set.of(), after, "temporary model directories left behind");
    }
}
