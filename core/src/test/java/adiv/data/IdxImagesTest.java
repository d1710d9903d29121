package adiv.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** (Fashion-)MNIST IDX files: gzipped or not, and every way a file can be wrong. */
class IdxImagesTest {

    @TempDir Path dir;

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {true, false})
    void loadsTheFourFilesWithShapesLabelsAndPixels(boolean gzip) throws IOException {
        TestFiles.idxDataset(dir, 30, 12, 4, 5, gzip);
        RawDataset d = IdxImages.load("fashion-mnist", dir);
        assertEquals(30, d.train().size());
        assertEquals(12, d.test().size());
        assertEquals(1, d.channels());
        assertEquals(4, d.height());
        assertEquals(5, d.width());
        assertEquals(7, d.train().labels()[17]);
        assertEquals((byte) (17 * 7 % 256), d.train().pixels()[17 * 20 + 3]);
        assertEquals((byte) ((5 * 7 + 1) % 256), d.test().pixels()[5 * 20]);
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, RawDataset.classCounts(d.train(), 10));
    }

    @Test
    void aGzippedFileWithoutTheGzNameIsStillRead() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, true);
        for (String f : IdxImages.FILES) {
            Files.move(dir.resolve(f + ".gz"), dir.resolve(f));
        }
        assertEquals(10, IdxImages.load("mnist", dir).train().size());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertMessage("t10k-labels-idx1-ubyte", "not found");
    }

    @Test
    void badMagicIsReportedWithExpectedAndFound() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, false);
        byte[] bytes = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        bytes[2] = 0x0D; // float instead of unsigned byte
        Files.write(dir.resolve("train-images-idx3-ubyte"), bytes);
        assertMessage("train-images-idx3-ubyte", "bad IDX magic number: expected 0x00000803", "found 0x00000d03");
    }

    @Test
    void wrongNumberOfDimensionsIsReported() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, false);
        TestFiles.idx(dir.resolve("train-labels-idx1-ubyte"), new int[] {10, 1}, new byte[10], false);
        assertMessage("train-labels-idx1-ubyte", "expected an IDX array of 1 dimensions, found 2");
    }

    @Test
    void truncatedDataIsReportedWithBothSizes() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, false);
        Path f = dir.resolve("t10k-images-idx3-ubyte");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertMessage("t10k-images-idx3-ubyte", "truncated", "need 40 bytes of data, found 33");
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        TestFiles.idxDataset(dir, 100, 10, 8, 8, true);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxImages.load("mnist", dir));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, false);
        byte[] labels = new byte[10];
        labels[4] = 12;
        TestFiles.idx(dir.resolve("train-labels-idx1-ubyte"), new int[] {10}, labels, false);
        assertMessage("train-labels-idx1-ubyte", "label 12 of example 4 is out of range: expected 0 to 9");
    }

    @Test
    void labelAndImageCountsMustAgree() throws IOException {
        TestFiles.idxDataset(dir, 10, 10, 2, 2, false);
        TestFiles.idx(dir.resolve("train-labels-idx1-ubyte"), new int[] {9}, new byte[9], false);
        assertMessage("train-labels-idx1-ubyte", "9 labels, but", "has 10 images");
    }

    private void assertMessage(String file, String... parts) {
        DataException e = assertThrows(DataException.class, () -> IdxImages.load("mnist", dir));
        assertTrue(e.getMessage().contains(file), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
