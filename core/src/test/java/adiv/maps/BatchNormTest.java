package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BatchNorm in training (batch statistics, running update) and in evaluation (running statistics). */
class BatchNormTest {

    @Test
    void trainingUpdatesRunningStatisticsAndEvaluationUsesThem() {
        Random random = new Random(9);
        int n = 4;
        double momentum = (float) 0.1;
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm bn = BatchNorm.builder().build();
            double[] runMean = new double[n];
            double[] runVar = {1, 1, 1, 1};
            for (int step = 0; step < 5; step++) {
                double[][] x = Fixtures.randomRows(random, 8, n);
                for (double[] row : x) {
                    row[2] += 3; // a feature with a non-zero mean
                }
                Fixtures.forward(bn, manager, x, true);
                for (int j = 0; j < n; j++) {
                    double mean = 0;
                    for (double[] row : x) {
                        mean += row[j] / x.length;
                    }
                    double ss = 0;
                    for (double[] row : x) {
                        ss += (row[j] - mean) * (row[j] - mean);
                    }
                    runMean[j] = (1 - momentum) * runMean[j] + momentum * mean;
                    runVar[j] = (1 - momentum) * runVar[j] + momentum * ss / (x.length - 1);
                }
            }
            double[] mean = bn.getRunningMean().getArray().toDoubleArray();
            double[] var = bn.getRunningVar().getArray().toDoubleArray();
            for (int j = 0; j < n; j++) {
                assertEquals(runMean[j], mean[j], 1e-12);
                assertEquals(runVar[j], var[j], 1e-12);
            }

            double[][] probe = Fixtures.randomRows(random, 3, n);
            double[][] eval = Fixtures.forward(bn, manager, probe, false);
            for (int s = 0; s < probe.length; s++) {
                for (int j = 0; j < n; j++) {
                    double expected = (probe[s][j] - runMean[j]) / Math.sqrt(runVar[j] + (float) 1e-5);
                    assertEquals(expected, eval[s][j], 1e-12);
                }
            }
            // Evaluation leaves the running statistics alone; training on the same batch does not.
            assertEquals(mean[2], bn.getRunningMean().getArray().toDoubleArray()[2], 0);
            double[][] train = Fixtures.forward(bn, manager, probe, true);
            assertTrue(Fixtures.maxDiff(train, eval) > 1e-3, "training must use batch statistics");
        }
    }

    @Test
    void trainingOnOneValuePerFeatureIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm bn = BatchNorm.builder().build();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> Fixtures.forward(bn, manager, new double[][] {{1, 2, 3}}, true));
            assertTrue(e.getMessage().contains("more than one value per feature"), e.getMessage());
        }
    }
}
