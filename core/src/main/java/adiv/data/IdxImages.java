package adiv.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST and Fashion-MNIST: four IDX files, gzipped (name.gz) or not (name), in one directory:
 * train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.
 * 28×28 grey images, 10 classes.
 */
public final class IdxImages {

    /** The four files' names, without ".gz". */
    public static final String[] FILES = {
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"
    };

    private static final int CLASSES = 10;

    private IdxImages() {}

    /** Whether the directory holds the four files (each gzipped or not). */
    public static boolean present(Path dir) {
        for (String name : FILES) {
            if (find(dir, name) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads and validates a directory.
     *
     * @param name the data set's name, for reports
     * @param dir the directory with the four files
     * @return the data set
     * @throws DataException naming the file at fault
     */
    public static RawDataset load(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": directory not found (expected the four " + name + " IDX files)");
        }
        int[] trainDims = new int[3];
        int[] testDims = new int[3];
        Split train = split(dir, FILES[0], FILES[1], trainDims);
        Split test = split(dir, FILES[2], FILES[3], testDims);
        if (trainDims[1] != testDims[1] || trainDims[2] != testDims[2]) {
            throw new DataException(
                    String.format(
                            "%s: test images are %dx%d, but the training images are %dx%d",
                            require(dir, FILES[2]), testDims[1], testDims[2], trainDims[1], trainDims[2]));
        }
        return new RawDataset(
                name, dir.toString(), 1, trainDims[1], trainDims[2], CLASSES, train, test);
    }

    /** Reads one split; its image dimensions (n, height, width) are written into dims. */
    private static Split split(Path dir, String imagesName, String labelsName, int[] dims) {
        Path imagesFile = require(dir, imagesName);
        Path labelsFile = require(dir, labelsName);
        Idx.Array images = Idx.read(imagesFile, 3);
        Idx.Array labels = Idx.read(labelsFile, 1);
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DataException(
                    String.format(
                            "%s: %d labels, but %s has %d images",
                            labelsFile, labels.dims()[0], imagesFile, images.dims()[0]));
        }
        checkLabels(labelsFile, labels.data(), CLASSES);
        System.arraycopy(images.dims(), 0, dims, 0, 3);
        return new Split(images.data(), labels.data());
    }

    /** Checks that every label is below the number of classes. */
    static void checkLabels(Path file, byte[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            if (label >= classes) {
                throw new DataException(
                        String.format(
                                "%s: label %d of example %d is out of range: expected 0 to %d",
                                file, label, i, classes - 1));
            }
        }
    }

    private static Path require(Path dir, String name) {
        Path file = find(dir, name);
        if (file == null) {
            throw new DataException(
                    dir.resolve(name + ".gz") + ": file not found (nor " + name + " without .gz)");
        }
        return file;
    }

    private static Path find(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : null;
    }
}
