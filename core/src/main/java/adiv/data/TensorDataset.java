package adiv.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A data set as a training loop reads it: per split, the inputs of any rows as a float32 (rows,
 * features) array and their labels as int64, on the manager's device. Images are flattened
 * channel-major.
 *
 * <p>A real data set is kept as its bytes ({@link ImageBytes}: one byte per pixel, a quarter of
 * float32's memory, and when mapped from {@link ImageCache} shared by every process on the machine)
 * and each batch is decoded when it is taken, through a table of the 256 values a byte can take per
 * channel. The table holds exactly the float32 values that decoding every pixel up front gave ({@link
 * #floats}): inputs, and so every run's results, are the same bit for bit. Synthetic data for timing is kept as float32.
 */
public final class TensorDataset implements AutoCloseable {

    private final String name;
    private final String description;
    private final int classes;
    private final int[] image;
    private final NDManager manager;
    private final Inputs train;
    private final Inputs test;
    private final NDArray trainY;
    private final NDArray testY;
    private final long bytes;

    private TensorDataset(String name, String description, int classes, int[] image, NDManager manager,
            Inputs train, NDArray trainY, Inputs test, NDArray testY, long bytes) {
        this.name = name;
        this.description = description;
        this.classes = classes;
        this.image = image;
        this.manager = manager;
        this.train = train;
        this.trainY = trainY;
        this.test = test;
        this.testY = testY;
        this.bytes = bytes;
    }

    /**
     * A data set's bytes, decoded batch by batch.
     *
     * @param data the bytes (mapped or a copy; a mapped file is never written to)
     * @param preprocessing how bytes become inputs
     * @param parent the manager whose device the arrays go to (a sub-manager holds them)
     */
    public static TensorDataset of(ImageBytes data, Preprocessing preprocessing, NDManager parent) {
        NDManager manager = parent.newSubManager();
        int plane = data.height() * data.width();
        double[][] t = preprocessing.transforms(data.trainPixels(), data.trainSize(), data.channels(), plane);
        NDArray table = manager.create(table(t));
        // One channel's entries start at 0: nothing to add to its codes.
        NDArray offsets = data.channels() == 1 ? null : manager.create(offsets(data.channels(), plane));
        String description = data.name() + " from " + data.source() + ", " + preprocessing.name().toLowerCase();
        return new TensorDataset(data.name(), description, data.classes(),
                new int[] {data.channels(), data.height(), data.width()}, manager,
                new ByteInputs(bytes(manager, data.trainPixels(), data.trainSize(), data.features()), table, offsets),
                labels(manager, data.trainLabels()),
                new ByteInputs(bytes(manager, data.testPixels(), data.testSize(), data.features()), table, offsets),
                labels(manager, data.testLabels()), data.bytes());
    }

    /** A data set read into memory, kept as a copy of its bytes in native memory and decoded batch by batch. */
    public static TensorDataset of(RawDataset raw, Preprocessing preprocessing, NDManager parent) {
        return of(ImageBytes.copyOf(raw), preprocessing, parent);
    }

    /**
     * A data set decoded up front into float32 arrays: four times the memory of its bytes. The inputs
     * are those {@link #of} decodes per batch, value for value; kept to show that they are.
     */
    public static TensorDataset floats(RawDataset raw, Preprocessing preprocessing, NDManager parent) {
        NDManager manager = parent.newSubManager();
        double[][] t = preprocessing.transforms(raw);
        String description = raw.name() + " from " + raw.source() + ", " + preprocessing.name().toLowerCase();
        NDArray trainX = floats(manager, raw, raw.train(), t);
        NDArray testX = floats(manager, raw, raw.test(), t);
        return new TensorDataset(raw.name(), description, raw.classes(),
                new int[] {raw.channels(), raw.height(), raw.width()}, manager,
                new FloatInputs(trainX), labels(manager, ByteBuffer.wrap(raw.train().labels())),
                new FloatInputs(testX), labels(manager, ByteBuffer.wrap(raw.test().labels())),
                4L * (trainX.size() + testX.size()) + raw.train().size() + raw.test().size());
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
                new FloatInputs(manager.randomNormal(new Shape(trainSize, features))),
                manager.randomInteger(0, classes, new Shape(trainSize), DataType.INT64),
                new FloatInputs(manager.randomNormal(new Shape(testSize, features))),
                manager.randomInteger(0, classes, new Shape(testSize), DataType.INT64),
                4L * (trainSize + testSize) * (features + 2));
    }

    /** The float32 value of byte v in channel c, at c · 256 + v: computed as decoding up front computes it. */
    private static float[] table(double[][] t) {
        int channels = t[0].length;
        float[] table = new float[channels * 256];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                table[c * 256 + v] = (float) (v * t[0][c] + t[1][c]);
            }
        }
        return table;
    }

    /** Per feature, where its channel's entries start in the table (channel-major images). */
    private static int[] offsets(int channels, int plane) {
        int[] offsets = new int[channels * plane];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (i / plane) * 256;
        }
        return offsets;
    }

    private static NDArray bytes(NDManager manager, ByteBuffer pixels, int n, int features) {
        if (n == 0) {
            return manager.zeros(new Shape(0, features), DataType.UINT8);
        }
        // A direct buffer becomes the array's storage, not copied (on a CPU device): a mapped file's
        // pages stay the operating system's, shared with every other process that maps it.
        return manager.create(pixels.duplicate(), new Shape(n, features), DataType.UINT8);
    }

    private static NDArray floats(NDManager manager, RawDataset raw, Split split, double[][] t) {
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

    private static NDArray labels(NDManager manager, ByteBuffer labels) {
        long[] values = new long[labels.capacity()];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.get(i) & 0xff;
        }
        return manager.create(values);
    }

    /** How a split's inputs are kept. */
    private interface Inputs {
        /** The inputs of the given rows (int32 or int64 indices), kept by scope. */
        NDArray rows(NDArray rows, NDManager scope);

        /** The inputs of rows [from, to), kept by scope. */
        NDArray range(int from, int to, NDManager scope);

        long size();
    }

    /** Float32 inputs, each row taken as it is. */
    private record FloatInputs(NDArray all) implements Inputs {
        @Override
        public NDArray rows(NDArray rows, NDManager scope) {
            return Rows.select(all, rows, scope);
        }

        @Override
        public NDArray range(int from, int to, NDManager scope) {
            NDArray x = all.get(from + ":" + to);
            x.attach(scope);
            return x;
        }

        @Override
        public long size() {
            return all.getShape().get(0);
        }
    }

    /**
     * Byte inputs, decoded when taken: each byte v of channel c becomes table[c · 256 + v], one gather
     * of int32 codes (a quarter of the memory traffic of the same arithmetic in float64). Only new
     * arrays are written; the bytes (a read-only mapping, perhaps) are only read.
     */
    private record ByteInputs(NDArray all, NDArray table, NDArray offsets) implements Inputs {
        @Override
        public NDArray rows(NDArray rows, NDManager scope) {
            return decode(Rows.select(all, rows, scope), scope);
        }

        @Override
        public NDArray range(int from, int to, NDManager scope) {
            NDArray b = all.get(from + ":" + to);
            b.attach(scope);
            return decode(b, scope);
        }

        private NDArray decode(NDArray b, NDManager scope) {
            NDArray codes = b.toType(DataType.INT32, false); // kept by b's manager: scope
            if (offsets != null) {
                codes.addi(offsets);
            }
            return Rows.select(table, codes.reshape(-1), scope).reshape(b.getShape());
        }

        @Override
        public long size() {
            return all.getShape().get(0);
        }
    }

    /** The training inputs of the given rows, kept by scope. */
    public NDArray trainInputs(NDArray rows, NDManager scope) {
        return train.rows(rows, scope);
    }

    /** The training labels (int64) of the given rows, kept by scope. */
    public NDArray trainLabels(NDArray rows, NDManager scope) {
        return Rows.select(trainY, rows, scope);
    }

    /** The test inputs of rows [from, to), kept by scope. */
    public NDArray testInputs(int from, int to, NDManager scope) {
        return test.range(from, to, scope);
    }

    /** The test labels (int64) of rows [from, to), kept by scope. */
    public NDArray testLabels(int from, int to, NDManager scope) {
        NDArray y = testY.get(from + ":" + to);
        y.attach(scope);
        return y;
    }

    /** The manager that holds the data set's arrays; a run's arrays go in sub-managers of it. */
    public NDManager manager() {
        return manager;
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

    /** The bytes its inputs and labels take as kept (a mapped file's are shared with other processes). */
    public long bytes() {
        return bytes;
    }

    public int classes() {
        return classes;
    }

    /** Values per example. */
    public int features() {
        return image[0] * image[1] * image[2];
    }

    public int trainSize() {
        return (int) train.size();
    }

    public int testSize() {
        return (int) test.size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
