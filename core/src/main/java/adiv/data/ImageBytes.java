package adiv.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A labelled image data set as bytes in direct buffers, the form {@link TensorDataset} trains from:
 * either a file that every process on the machine maps read-only ({@link ImageCache}: the pages are
 * the operating system's, shared, and counted once however many workers read them) or a copy in this
 * process's native memory ({@link #copyOf}). Pixels are stored per image, channel-major, as in {@link
 * Split}; one byte per pixel and per label.
 *
 * @param name the data set's name ("cifar10", "fashion-mnist", "mnist")
 * @param source where it was read from
 * @param file the mapped file, or null when the bytes are a copy in this process
 */
public record ImageBytes(
        String name,
        String source,
        int channels,
        int height,
        int width,
        int classes,
        ByteBuffer trainPixels,
        ByteBuffer trainLabels,
        ByteBuffer testPixels,
        ByteBuffer testLabels,
        Path file) {

    /** Values per example: channels × height × width. */
    public int features() {
        return channels * height * width;
    }

    public int trainSize() {
        return trainLabels.capacity();
    }

    public int testSize() {
        return testLabels.capacity();
    }

    /** The bytes it holds: pixels and labels of both splits. */
    public long bytes() {
        return (long) trainPixels.capacity() + trainLabels.capacity() + testPixels.capacity() + testLabels.capacity();
    }

    /** Whether the bytes are a mapped file (shared with every process that maps it) rather than a copy. */
    public boolean mapped() {
        return file != null;
    }

    /** The bytes of a data set read into the Java heap, copied into native memory (direct buffers). */
    public static ImageBytes copyOf(RawDataset raw) {
        return new ImageBytes(raw.name(), raw.source(), raw.channels(), raw.height(), raw.width(), raw.classes(),
                direct(raw.train().pixels()), direct(raw.train().labels()), direct(raw.test().pixels()),
                direct(raw.test().labels()), null);
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }
}
