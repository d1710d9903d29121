package adiv.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes data sets in their official on-disk layouts, for loader tests. */
public final class TestFiles {

    private TestFiles() {}

    /** An IDX file of unsigned bytes, gzipped or not. */
    public static void idx(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream maybeGz = gzip ? new GZIPOutputStream(raw) : raw;
                DataOutputStream out = new DataOutputStream(maybeGz)) {
            out.writeInt(0x00000800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    /**
     * The four (Fashion-)MNIST files for n training and m test images of h×w, image i of a split
     * having every pixel (i * 7 + split) % 256 and label i % 10.
     */
    public static void idxDataset(Path dir, int n, int m, int h, int w, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String ext = gzip ? ".gz" : "";
        idx(dir.resolve("train-images-idx3-ubyte" + ext), new int[] {n, h, w}, images(n, h * w, 0), gzip);
        idx(dir.resolve("train-labels-idx1-ubyte" + ext), new int[] {n}, labels(n), gzip);
        idx(dir.resolve("t10k-images-idx3-ubyte" + ext), new int[] {m, h, w}, images(m, h * w, 1), gzip);
        idx(dir.resolve("t10k-labels-idx1-ubyte" + ext), new int[] {m}, labels(m), gzip);
    }

    private static byte[] images(int n, int pixels, int split) {
        byte[] b = new byte[n * pixels];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(b, i * pixels, (i + 1) * pixels, (byte) ((i * 7 + split) % 256));
        }
        return b;
    }

    private static byte[] labels(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 10);
        }
        return b;
    }

    /**
     * A CIFAR-10 directory in the official binary layout. Record r of file f has label (f + r) % 10
     * and pixel p (channel-major) equal to (r + p + f) % 256.
     */
    public static void cifarDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int f = 0; f < 5; f++) {
            cifarFile(dir.resolve(Cifar10.TRAIN_FILES[f]), f, Cifar10.RECORDS_PER_FILE);
        }
        cifarFile(dir.resolve(Cifar10.TEST_FILE), 5, Cifar10.RECORDS_PER_FILE);
    }

    /** One CIFAR-10 batch file with the given number of records. */
    public static void cifarFile(Path file, int f, int records) throws IOException {
        byte[] all = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int base = r * Cifar10.RECORD;
            all[base] = (byte) ((f + r) % 10);
            for (int p = 0; p < Cifar10.PIXELS; p++) {
                all[base + 1 + p] = (byte) ((r + p + f) % 256);
            }
        }
        Files.write(file, all);
    }
}
