package adiv.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A data set in memory as tensors: per split, one float32 (n, features) input tensor and one int64
 * (n) label tensor, on the manager's device. Images are flattened channel-major.
 */
public final class TensorDataset implements AutoCloseable {

    private final String name;
    private final String description;
    private final int classes;
    private final int[] image;
    private final NDManager manager;
    private final NDArray trainX;
    private final NDArray trainY;
    private final NDArray testX;
    private final NDArray testY;

    private TensorDataset(
            String name,
            String description,
            int classes,
            int[] image,
            NDManager manager,
            NDArray trainX,
            NDArray trainY,
            NDArray testX,
            NDArray testY) {
        this.name = name;
        this.description = description;
        this.classes = classes;
        this.image = image;
        this.manager = manager;
        this.trainX = trainX;
        this.trainY = trainY;
        this.testX = testX;
        this.testY = testY;
    }

    /**
     * Preprocesses a raw data set into tensors.
     *
     * @param raw the data set as read from disk
     * @param preprocessing how bytes become inputs
     * @param parent the manager whose device the tensors go to (a sub-manager holds them)
     * @return the tensors
     */
    public static TensorDataset of(RawDataset raw, Preprocessing preprocessing, NDManager parent) {
        NDManager manager = parent.newSubManager();
        double[][] t = preprocessing.transforms(raw);
        String description =
                raw.name() + " from " + raw.source() + ", " + preprocessing.name().toLowerCase();
        return new TensorDataset(
                raw.name(),
                description,
                raw.classes(),
                new int[] {raw.channels(), raw.height(), raw.width()},
                manager,
                inputs(manager, raw, raw.train(), t),
                labels(manager, raw.train()),
                inputs(manager, raw, raw.test(), t),
                labels(manager, raw.test()));
    }

    /**
     * Random standard normal inputs with random labels, for timing (the values do not matter to
     * speed).
     */
    public static TensorDataset synthetic(
            int trainSize, int testSize, int features, int classes, NDManager parent) {
        NDManager manager = parent.newSubManager();
        return new TensorDataset(
                "synthetic",
                "synthetic " + trainSize + "x" + features + ", " + classes + " classes",
                classes,
                new int[] {features, 1, 1},
                manager,
                manager.randomNormal(new Shape(trainSize, features)),
                manager.randomInteger(0, classes, new Shape(trainSize), DataType.INT64),
                manager.randomNormal(new Shape(testSize, features)),
                manager.randomInteger(0, classes, new Shape(testSize), DataType.INT64));
    }

    private static NDArray inputs(NDManager manager, RawDataset raw, Split split, double[][] t) {
        int features = raw.features();
        int plane = raw.height() * raw.width();
        byte[] pixels = split.pixels();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int c = (i % features) / plane;
            values[i] = (float) ((pixels[i] & 0xff) * t[0][c] + t[1][c]);
        }
        return manager.create(values, new Shape(split.size(), features));
    }

    private static NDArray labels(NDManager manager, Split split) {
        long[] labels = new long[split.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.labels()[i] & 0xff;
        }
        return manager.create(labels);
    }

    /** The images' (channels, height, width) the flattened inputs came from ((features, 1, 1) if synthetic). */
    public int[] imageShape() {
        return image.clone();
    }

    public String name() {
        return name;
    }

    /** What the data is and how it was preprocessed, for reports. */
    public String description() {
        return description;
    }

    public int classes() {
        return classes;
    }

    /** Values per example. */
    public int features() {
        return (int) trainX.getShape().get(1);
    }

    public int trainSize() {
        return (int) trainX.getShape().get(0);
    }

    public int testSize() {
        return (int) testX.getShape().get(0);
    }

    public NDArray trainX() {
        return trainX;
    }

    public NDArray trainY() {
        return trainY;
    }

    public NDArray testX() {
        return testX;
    }

    public NDArray testY() {
        return testY;
    }

    @Override
    public void close() {
        manager.close();
    }
}
