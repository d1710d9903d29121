package adiv.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CIFAR-10 in the official binary layout: data_batch_1.bin … data_batch_5.bin (training) and
 * test_batch.bin, each 10,000 records of 1 label byte and 3,072 pixel bytes (32×32, red then green
 * then blue). The directory may be the one holding the files or its parent holding
 * cifar-10-batches-bin/ (as the official archive unpacks).
 */
public final class Cifar10 {

    /** The official archive's MD5 (cifar-10-binary.tar.gz). */
    public static final String ARCHIVE_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

    /** The official archive's address. */
    public static final String ARCHIVE_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    /** The training files, in order. */
    public static final String[] TRAIN_FILES = {
        "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"
    };

    /** The test file. */
    public static final String TEST_FILE = "test_batch.bin";

    /** The folder the official archive unpacks into. */
    public static final String ARCHIVE_FOLDER = "cifar-10-batches-bin";

    static final int RECORDS_PER_FILE = 10_000;
    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    static final int CLASSES = 10;

    private Cifar10() {}

    /** The directory that holds the .bin files: dir itself, or dir/cifar-10-batches-bin. */
    public static Path resolve(Path dir) {
        Path nested = dir.resolve(ARCHIVE_FOLDER);
        if (!Files.isRegularFile(dir.resolve(TEST_FILE)) && Files.isDirectory(nested)) {
            return nested;
        }
        return dir;
    }

    /** Whether the directory (or its cifar-10-batches-bin) holds the six files. */
    public static boolean present(Path dir) {
        Path d = resolve(dir);
        for (String f : TRAIN_FILES) {
            if (!Files.isRegularFile(d.resolve(f))) {
                return false;
            }
        }
        return Files.isRegularFile(d.resolve(TEST_FILE));
    }

    /**
     * Loads and validates the data set.
     *
     * @param dir the directory of the .bin files, or its parent
     * @return the data set
     * @throws DataException naming the file at fault: missing, of the wrong size, or with a label
     *     out of range
     */
    public static RawDataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": directory not found (expected CIFAR-10's six .bin files)");
        }
        Path d = resolve(dir);
        Split train = read(d, TRAIN_FILES);
        Split test = read(d, TEST_FILE);
        return new RawDataset("cifar10", d.toString(), 3, 32, 32, CLASSES, train, test);
    }

    private static Split read(Path dir, String... files) {
        int n = files.length * RECORDS_PER_FILE;
        byte[] pixels = new byte[n * PIXELS];
        byte[] labels = new byte[n];
        byte[] record = new byte[RECORD];
        int example = 0;
        for (String name : files) {
            Path file = dir.resolve(name);
            checkSize(file);
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                for (int r = 0; r < RECORDS_PER_FILE; r++, example++) {
                    if (in.readNBytes(record, 0, RECORD) != RECORD) {
                        throw new DataException(file + ": truncated at record " + r);
                    }
                    int label = record[0] & 0xff;
                    if (label >= CLASSES) {
                        throw new DataException(
                                String.format(
                                        "%s: label %d of record %d is out of range: expected 0 to %d",
                                        file, label, r, CLASSES - 1));
                    }
                    labels[example] = record[0];
                    System.arraycopy(record, 1, pixels, example * PIXELS, PIXELS);
                }
            } catch (IOException e) {
                throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
            }
        }
        return new Split(pixels, labels);
    }

    /**
     * Writes random data shaped as CIFAR-10 in its binary layout (five training files and a test file
     * of 10,000 records: a label byte, then 3,072 pixel bytes), for planning time and memory where
     * CIFAR-10 cannot be downloaded: what a step costs and what a worker holds do not depend on the
     * values. Nothing trained on it means anything.
     */
    public static void writeShaped(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        java.util.Random random = new java.util.Random(seed);
        byte[] record = new byte[RECORD];
        java.util.List<String> files = new java.util.ArrayList<>(java.util.List.of(TRAIN_FILES));
        files.add(TEST_FILE);
        for (String name : files) {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 20)) {
                for (int r = 0; r < RECORDS_PER_FILE; r++) {
                    random.nextBytes(record);
                    record[0] = (byte) random.nextInt(CLASSES);
                    out.write(record);
                }
            }
        }
    }

    private static void checkSize(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found (CIFAR-10 binary layout expected)");
        }
        long expected = (long) RECORDS_PER_FILE * RECORD;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (size != expected) {
            throw new DataException(
                    String.format(
                            "%s: expected %,d bytes (%,d records of 1 label byte + %,d pixel bytes),"
                                    + " found %,d",
                            file, expected, RECORDS_PER_FILE, PIXELS, size));
        }
    }
}
