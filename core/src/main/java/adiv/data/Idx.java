package adiv.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of IDX files (the MNIST format): a 4-byte magic 0x00 0x00 type ndims, ndims big-endian
 * 32-bit dimensions, then the values. Only unsigned bytes (type 0x08) are used by the data sets
 * here. A file is read through gzip when it starts with gzip's magic, whatever its name.
 */
public final class Idx {

    /** An IDX array of unsigned bytes. */
    public record Array(int[] dims, byte[] data) {}

    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {}

    /**
     * Reads an IDX file of unsigned bytes with the given number of dimensions.
     *
     * @param file the file (gzipped or not)
     * @param expectedDims 1 for labels, 3 for images
     * @return its dimensions and values
     * @throws DataException naming the file, if it is missing, malformed or truncated
     */
    public static Array read(Path file, int expectedDims) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found");
        }
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic = readInt(in, file, "the 4-byte magic number");
            int zeros = magic >>> 16;
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if (zeros != 0 || type != UNSIGNED_BYTE) {
                throw new DataException(
                        String.format(
                                "%s: bad IDX magic number: expected 0x000008%02x (unsigned bytes,"
                                        + " %d dimensions), found 0x%08x",
                                file, expectedDims, expectedDims, magic));
            }
            if (ndims != expectedDims) {
                throw new DataException(
                        String.format(
                                "%s: expected an IDX array of %d dimensions, found %d",
                                file, expectedDims, ndims));
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = readInt(in, file, "dimension " + (i + 1));
                if (dims[i] <= 0) {
                    throw new DataException(
                            file + ": dimension " + (i + 1) + " must be positive, found " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataException(
                        file + ": dimensions " + Arrays.toString(dims) + " are too large");
            }
            byte[] data = new byte[(int) total];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new DataException(
                        String.format(
                                "%s: truncated: dimensions %s need %d bytes of data, found %d",
                                file, Arrays.toString(dims), data.length, read));
            }
            if (in.read() != -1) {
                throw new DataException(
                        String.format(
                                "%s: dimensions %s need %d bytes of data, but the file has more",
                                file, Arrays.toString(dims), data.length));
            }
            return new Array(dims, data);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static int readInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the file ends before " + what);
        }
    }

    /** The file's bytes, through gzip if it starts with gzip's magic. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }
}
