package adiv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 in its official binary layout, on files written here in that layout. */
class Cifar10Test {

    @TempDir static Path root;
    static Path good;

    @BeforeAll
    static void writeOnce() throws IOException {
        good = root.resolve("parent").resolve(Cifar10.ARCHIVE_FOLDER);
        TestFiles.cifarDir(good);
    }

    @Test
    void loadsFiftyThousandTrainingAndTenThousandTestRecords() {
        RawDataset d = Cifar10.load(good);
        assertEquals(50_000, d.train().size());
        assertEquals(10_000, d.test().size());
        assertEquals(3, d.channels());
        assertEquals(32, d.height());
        assertEquals(3072, d.features());
        // Record 123 of data_batch_3.bin (f = 2) is training example 20,123.
        int example = 2 * 10_000 + 123;
        assertEquals((2 + 123) % 10, d.train().labels()[example]);
        int pixel = 1024 + 5; // green channel, sixth pixel
        assertEquals((byte) ((123 + pixel + 2) % 256), d.train().pixels()[example * 3072 + pixel]);
        assertEquals((5 + 9) % 10, d.test().labels()[9]);
    }

    @Test
    void theParentOfTheArchiveFolderWorksToo() {
        assertTrue(Cifar10.present(good.getParent()));
        assertEquals(10_000, Cifar10.load(good.getParent()).test().size());
    }

    @Test
    void aTruncatedFileIsNamedWithExpectedAndFoundSizes(@TempDir Path dir) throws IOException {
        copyGood(dir);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data_batch_2.bin").toFile(), "rw")) {
            f.setLength(30_729_000);
        }
        DataException e = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertTrue(e.getMessage().contains("data_batch_2.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 30,730,000 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 30,729,000"), e.getMessage());
    }

    @Test
    void aLabelOutOfRangeIsNamedWithItsRecord(@TempDir Path dir) throws IOException {
        copyGood(dir);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("test_batch.bin").toFile(), "rw")) {
            f.seek(7L * Cifar10.RECORD);
            f.write(10);
        }
        DataException e = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertTrue(e.getMessage().contains("test_batch.bin: label 10 of record 7 is out of range"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) throws IOException {
        copyGood(dir);
        Files.delete(dir.resolve("data_batch_5.bin"));
        DataException e = assertThrows(DataException.class, () -> Cifar10.load(dir));
        assertTrue(e.getMessage().contains("data_batch_5.bin: file not found"), e.getMessage());
        assertTrue(!Cifar10.present(dir));
    }

    private static void copyGood(Path dir) throws IOException {
        for (String f : Cifar10.TRAIN_FILES) {
            Files.copy(good.resolve(f), dir.resolve(f));
        }
        Files.copy(good.resolve(Cifar10.TEST_FILE), dir.resolve(Cifar10.TEST_FILE));
    }
}
