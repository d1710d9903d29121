package adiv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Inputs as the experiments see them: per-channel standardisation with training statistics. */
class PreprocessingTest {

    /** Three channels of 2×2 pixels with different brightness per channel. */
    private static RawDataset raw(Random random, int n, int m) {
        return new RawDataset("t", "memory", 3, 2, 2, 10, split(random, n), split(random, m));
    }

    private static Split split(Random random, int n) {
        byte[] pixels = new byte[n * 12];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    pixels[i * 12 + c * 4 + p] = (byte) (40 * c + random.nextInt(60 + 50 * c));
                }
            }
            labels[i] = (byte) random.nextInt(10);
        }
        return new Split(pixels, labels);
    }

    @Test
    void standardisedTrainingChannelsHaveMeanZeroAndUnitVarianceAndTestUsesTheirStatistics() {
        RawDataset raw = raw(new Random(1), 500, 200);
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset t = TensorDataset.of(raw, Preprocessing.STANDARDISE, manager)) {
            double[] x = toDoubles(train(t));
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double sumSq = 0;
                int count = 0;
                for (int i = 0; i < 500; i++) {
                    for (int p = 0; p < 4; p++) {
                        double v = x[i * 12 + c * 4 + p];
                        sum += v;
                        sumSq += v * v;
                        count++;
                    }
                }
                assertEquals(0, sum / count, 1e-5, "channel " + c + " mean");
                assertEquals(1, sumSq / count, 1e-4, "channel " + c + " variance");
            }
            // A test pixel is transformed with the training statistics, not its own.
            double[] scaleShift = trainStats(raw, 1);
            double expected = (raw.test().pixels()[7 * 12 + 4 + 2] & 0xff) / 255.0;
            expected = (expected - scaleShift[0]) / scaleShift[1];
            assertEquals(expected, toDoubles(test(t))[7 * 12 + 4 + 2], 1e-5);
            try (NDManager scope = t.manager().newSubManager()) {
                assertEquals(raw.test().labels()[3], (byte) t.testLabels(0, t.testSize(), scope).toLongArray()[3]);
            }
        }
    }

    @Test
    void unitScalesToZeroOneAndNoneKeepsBytes() {
        RawDataset raw = raw(new Random(2), 50, 10);
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset unit = TensorDataset.of(raw, Preprocessing.UNIT, manager);
                TensorDataset none = TensorDataset.of(raw, Preprocessing.NONE, manager)) {
            double[] u = toDoubles(train(unit));
            double[] r = toDoubles(train(none));
            for (int i = 0; i < u.length; i++) {
                assertEquals(raw.train().pixels()[i] & 0xff, r[i], 0);
                assertEquals((raw.train().pixels()[i] & 0xff) / 255.0, u[i], 1e-6);
                assertTrue(u[i] >= 0 && u[i] <= 1);
            }
        }
    }

    /** Every training input, in order. */
    private static float[] train(TensorDataset t) {
        try (NDManager scope = t.manager().newSubManager()) {
            return t.trainInputs(scope.arange(0, t.trainSize()), scope).toFloatArray();
        }
    }

    /** Every test input, in order. */
    private static float[] test(TensorDataset t) {
        try (NDManager scope = t.manager().newSubManager()) {
            return t.testInputs(0, t.testSize(), scope).toFloatArray();
        }
    }

    /** Mean and standard deviation of one channel of the training split, in [0, 1] units. */
    private static double[] trainStats(RawDataset raw, int c) {
        double sum = 0;
        double sumSq = 0;
        int n = raw.train().size();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 4; p++) {
                double v = (raw.train().pixels()[i * 12 + c * 4 + p] & 0xff) / 255.0;
                sum += v;
                sumSq += v * v;
            }
        }
        double mean = sum / (4.0 * n);
        return new double[] {mean, Math.sqrt(sumSq / (4.0 * n) - mean * mean)};
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
