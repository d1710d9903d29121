package adiv.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data sets' byte files: made once, mapped after, checked (size and hash) before every use and
 * made again when they fail, never read when partial or corrupt.
 */
class ImageCacheTest {

    @TempDir
    Path tmp;

    private Path fashion() throws IOException {
        Path dir = tmp.resolve("fmnist");
        TestFiles.idxDataset(dir, 50, 20, 28, 28, true);
        return dir;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.capacity()];
        b.duplicate().get(out);
        return out;
    }

    private static void assertSameBytes(RawDataset raw, ImageBytes bytes) {
        assertArrayEquals(raw.train().pixels(), bytes(bytes.trainPixels()));
        assertArrayEquals(raw.train().labels(), bytes(bytes.trainLabels()));
        assertArrayEquals(raw.test().pixels(), bytes(bytes.testPixels()));
        assertArrayEquals(raw.test().labels(), bytes(bytes.testLabels()));
        assertEquals(raw.channels(), bytes.channels());
        assertEquals(raw.height(), bytes.height());
        assertEquals(raw.width(), bytes.width());
        assertEquals(raw.classes(), bytes.classes());
        assertEquals(raw.name(), bytes.name());
        assertEquals(raw.source(), bytes.source());
    }

    private static Path onlyFile(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> u8 = files.filter(f -> f.toString().endsWith(".u8")).toList();
            assertEquals(1, u8.size(), "files: " + u8);
            return u8.get(0);
        }
    }

    @Test
    void madeOnceThenMappedWithTheDataSetsBytes() throws IOException {
        Path dir = fashion();
        Path cache = tmp.resolve("cache");
        RawDataset raw = DatasetName.FASHION_MNIST.load(dir);

        ImageCache.Opened first = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertTrue(first.note().startsWith("made "), first.note());
        assertTrue(first.bytes().mapped());
        assertSameBytes(raw, first.bytes());

        Path file = onlyFile(cache);
        FileTime made = Files.getLastModifiedTime(file);
        ImageCache.Opened second = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertEquals("mapped " + file, second.note());
        assertEquals(made, Files.getLastModifiedTime(file));
        assertSameBytes(raw, second.bytes());
        assertEquals(ImageCache.HEADER + 70L * (784 + 1), Files.size(file));
        assertEquals(70L * (784 + 1), second.bytes().bytes());
    }

    @Test
    void aCorruptFileIsMadeAgainNotRead() throws IOException {
        Path dir = fashion();
        Path cache = tmp.resolve("cache");
        RawDataset raw = DatasetName.FASHION_MNIST.load(dir);
        ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        Path file = onlyFile(cache);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(ImageCache.HEADER + 100);
            int b = f.read();
            f.seek(ImageCache.HEADER + 100);
            f.write(b ^ 0x5a);
        }
        String problem = ImageCache.check(file);
        assertTrue(problem.startsWith("corrupt: its SHA-256 is "), problem);

        ImageCache.Opened again = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertTrue(again.note().startsWith("made again (corrupt: "), again.note());
        assertSameBytes(raw, again.bytes());
        assertNull(ImageCache.check(file));
    }

    @Test
    void aPartialFileOrOneWithoutItsRecordIsMadeAgain() throws IOException {
        Path dir = fashion();
        Path cache = tmp.resolve("cache");
        RawDataset raw = DatasetName.FASHION_MNIST.load(dir);
        ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        Path file = onlyFile(cache);

        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        ImageCache.Opened partial = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertTrue(partial.note().startsWith("made again (partial or overwritten: "), partial.note());
        assertSameBytes(raw, partial.bytes());

        // A writer that stopped before its record: the file is never trusted without one.
        Files.delete(ImageCache.recordFile(file));
        ImageCache.Opened unrecorded = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertTrue(unrecorded.note().startsWith("made again (no record of a finished file beside it) "),
                unrecorded.note());
        assertSameBytes(raw, unrecorded.bytes());
    }

    @Test
    void whatAWriterKilledMidWayLeftIsRemovedWhenTheFileIsMade() throws IOException {
        Path dir = fashion();
        Path cache = tmp.resolve("cache");
        ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        Path file = onlyFile(cache);
        // A writer killed mid-way: its temporary files, no finished file, no record.
        Files.delete(ImageCache.recordFile(file));
        Files.move(file, file.resolveSibling(file.getFileName() + ".tmp-99999"));
        Files.writeString(file.resolveSibling(file.getFileName() + ".json.tmp-99999"), "{");
        ImageCache.Opened made = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertTrue(made.note().startsWith("made "), made.note());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(), files.filter(f -> f.toString().contains(".tmp-")).toList());
        }
    }

    @Test
    void aDataSetChangedOnDiskGetsANewFileAndAGoneOneIsPruned() throws IOException {
        Path dir = fashion();
        Path cache = tmp.resolve("cache");
        ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        Path before = onlyFile(cache);

        TestFiles.idxDataset(dir, 60, 20, 28, 28, true); // replaced: another training set
        RawDataset raw = DatasetName.FASHION_MNIST.load(dir);
        ImageCache.Opened changed = ImageCache.open(DatasetName.FASHION_MNIST, dir, cache);
        assertNotEquals(before, changed.bytes().file());
        assertEquals(60, changed.bytes().trainSize());
        assertSameBytes(raw, changed.bytes());

        // The first file's data set is still where it was, so both are kept; a data set whose
        // directory is gone has its file removed when another is made.
        assertTrue(Files.exists(before));
        Path other = tmp.resolve("other");
        TestFiles.idxDataset(other, 30, 10, 28, 28, false);
        Path otherFile = ImageCache.open(DatasetName.FASHION_MNIST, other, cache).bytes().file();
        try (Stream<Path> files = Files.walk(other)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Path third = tmp.resolve("third");
        TestFiles.idxDataset(third, 40, 10, 28, 28, false);
        ImageCache.open(DatasetName.FASHION_MNIST, third, cache);
        assertFalse(Files.exists(otherFile));
        assertFalse(Files.exists(ImageCache.recordFile(otherFile)));
        assertTrue(Files.exists(changed.bytes().file()));
    }

    @Test
    void aCacheThatCannotBeWrittenKeepsTheBytesInMemoryAndSaysWhy() throws IOException {
        Path dir = fashion();
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x");
        RawDataset raw = DatasetName.FASHION_MNIST.load(dir);
        ImageCache.Opened opened = ImageCache.open(DatasetName.FASHION_MNIST, dir, notADirectory.resolve("cache"));
        assertFalse(opened.bytes().mapped());
        assertTrue(opened.note().startsWith("kept in this process's memory: the cache directory "), opened.note());
        assertSameBytes(raw, opened.bytes());
    }

    @Test
    void cifarShapedDataIsKeptChannelMajorAsRead() throws IOException {
        Path dir = tmp.resolve("cifar");
        TestFiles.cifarDir(dir);
        RawDataset raw = DatasetName.CIFAR10.load(dir);
        ImageCache.Opened opened = ImageCache.open(DatasetName.CIFAR10, dir, tmp.resolve("cache"));
        assertSameBytes(raw, opened.bytes());
        assertEquals(3, opened.bytes().channels());
        assertEquals(50_000L * 3073 + 10_000L * 3073, opened.bytes().bytes());
    }
}
