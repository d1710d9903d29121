package adiv;

import java.util.Random;

/** Test data shared across packages: random inputs and small vector arithmetic in plain Java. */
public final class TestData {

    private TestData() {}

    /**
     * A rows×cols matrix of standard normal values, each row scaled by a factor in [0.5, 2] so
     * that ‖x_s‖² differs clearly between samples.
     */
    public static double[][] randomRows(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double scale = 0.5 + 1.5 * random.nextDouble();
            for (int j = 0; j < cols; j++) {
                m[i][j] = scale * random.nextGaussian();
            }
        }
        return m;
    }

    /** a·b. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
