package adiv.maps;

import adiv.TestData;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/** Small helpers: random matrices on the Java side, and running a block on them in float64. */
final class Fixtures {

    private Fixtures() {}

    static double[][] randomRows(Random random, int rows, int cols) {
        return TestData.randomRows(random, rows, cols);
    }

    /** Initialises the block in float64 for x's shape and returns block(x) as a Java matrix. */
    static double[][] forward(Block block, NDManager manager, double[][] x, boolean training) {
        NDArray input = manager.create(x);
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT64, input.getShape());
        }
        NDArray out =
                block.forward(new ParameterStore(manager, false), new NDList(input), training)
                        .singletonOrThrow();
        return matrix(out);
    }

    /** A 2-D NDArray as a Java matrix. */
    static double[][] matrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        return TestData.dot(a, b);
    }

    static double sq(double[] a) {
        return dot(a, a);
    }

    /** W x + b for one sample. */
    static double[] affine(double[][] w, double[] b, double[] x) {
        double[] z = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = dot(w[i], x) + b[i];
        }
        return z;
    }

    /** The largest |a − b| over two matrices of the same shape. */
    static double maxDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }
}
