package adiv.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.OneThread;
import adiv.train.EpochResult;
import adiv.train.MlpBuilder;
import adiv.train.MlpSpec;
import adiv.train.OptimizerKind;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import adiv.train.TrainingListener;
import adiv.train.TrainingLoop;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches decoded from bytes when they are taken (from a copy in memory or from a mapped file) are
 * the float32 inputs that decoding every pixel up front gives, value for value, and so a run trains
 * to the same numbers bit for bit.
 */
class DecodedBatchesTest {

    @TempDir
    Path tmp;

    /** Three channels of 5×4 random pixels (each channel its own range), 10 classes. */
    static RawDataset colours(long seed, int n, int m) {
        Random random = new Random(seed);
        return new RawDataset("colours", "memory", 3, 5, 4, 10, split(random, n), split(random, m));
    }

    private static Split split(Random random, int n) {
        byte[] pixels = new byte[n * 60];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(10);
            for (int p = 0; p < 60; p++) {
                int channel = p / 20;
                pixels[i * 60 + p] = (byte) (channel * 40 + random.nextInt(256 - channel * 40));
            }
        }
        return new Split(pixels, labels);
    }

    private ImageBytes mapped(RawDataset raw) throws IOException {
        Path file = tmp.resolve("colours.u8");
        ImageCache.write(raw, file);
        return ImageCache.map(file);
    }

    private static float[] trainRows(TensorDataset data, long[] rows) {
        try (NDManager scope = data.manager().newSubManager()) {
            return data.trainInputs(scope.create(rows), scope).toFloatArray();
        }
    }

    private static float[] testRange(TensorDataset data, int from, int to) {
        try (NDManager scope = data.manager().newSubManager()) {
            NDArray x = data.testInputs(from, to, scope);
            assertEquals(to - from, x.getShape().get(0));
            return x.toFloatArray();
        }
    }

    private static long[] labels(TensorDataset data, long[] rows) {
        try (NDManager scope = data.manager().newSubManager()) {
            return data.trainLabels(scope.create(rows), scope).toLongArray();
        }
    }

    @Test
    void decodedInputsAreTheUpFrontFloatsValueForValue() throws IOException {
        RawDataset raw = colours(1, 300, 70);
        ImageBytes file = mapped(raw);
        long[] rows = {0, 299, 17, 17, 150, 3};
        for (Preprocessing prep : Preprocessing.values()) {
            try (NDManager manager = NDManager.newBaseManager();
                    TensorDataset floats = TensorDataset.floats(raw, prep, manager);
                    TensorDataset copy = TensorDataset.of(raw, prep, manager);
                    TensorDataset fromFile = TensorDataset.of(file, prep, manager)) {
                float[] expected = trainRows(floats, rows);
                assertEquals(rows.length * 60, expected.length);
                assertArrayEquals(expected, trainRows(copy, rows), prep.toString());
                assertArrayEquals(expected, trainRows(fromFile, rows), prep.toString());
                assertArrayEquals(testRange(floats, 0, 70), testRange(copy, 0, 70));
                assertArrayEquals(testRange(floats, 5, 9), testRange(fromFile, 5, 9));
                assertArrayEquals(labels(floats, rows), labels(fromFile, rows));
                assertEquals(floats.features(), fromFile.features());
                assertArrayEquals(floats.imageShape(), fromFile.imageShape());
                assertEquals(300, fromFile.trainSize());
                assertEquals(70, fromFile.testSize());
                // The bytes held: a quarter of the floats' (and the labels once each, as bytes).
                assertEquals(370L * 61, fromFile.bytes());
                assertEquals(370L * 60 * 4 + 370, floats.bytes());
            }
        }
    }

    private static RunResult train(Function<NDManager, TensorDataset> data, TrainConfig config) {
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset d = data.apply(manager)) {
            MlpSpec spec = MlpSpec.of(d.features(), d.classes(), 16, 2, "affine-like", "none", "tanh");
            return new TrainingLoop(MlpBuilder.build(spec), config).run(d, TrainingListener.NONE);
        }
    }

    @Test
    void aRunOnDecodedBatchesTrainsToTheSameNumbersBitForBit() throws IOException {
        RawDataset raw = colours(3, 500, 120);
        ImageBytes file = mapped(raw);
        // A validation split, so that both ways rows are taken (by index and by range) are compared.
        TrainConfig config = new TrainConfig(3, 32, 1e-2f, OptimizerKind.ADAM, 5, 0, 0.2, 0);
        RunResult up = OneThread.call(() -> train(m -> TensorDataset.floats(raw, Preprocessing.STANDARDISE, m), config));
        RunResult decoded = OneThread.call(() -> train(m -> TensorDataset.of(file, Preprocessing.STANDARDISE, m), config));
        assertEquals(3, up.epochs().size());
        for (int i = 0; i < 3; i++) {
            EpochResult a = up.epochs().get(i);
            EpochResult b = decoded.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), 0);
            assertEquals(a.valLoss(), b.valLoss(), 0);
            assertEquals(a.valAcc(), b.valAcc(), 0);
            assertEquals(a.testLoss(), b.testLoss(), 0);
            assertEquals(a.testAcc(), b.testAcc(), 0);
        }
    }
}
