package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import adiv.FreedMemory;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The constants of {@link Scalars} survive until the backward pass: with freed Java memory
 * overwritten between the passes, the gradients are still exactly c, 1/c and c·x^(c−1).
 */
class ScalarsTest {

    private static final double[] X = {0.5, 1.25, 2, 3.5};

    private static double[] gradient(UnaryOperator<NDArray> f) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            try (var collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                FreedMemory.thenBackward(collector, y.sum());
            }
            return x.getGradient().toDoubleArray();
        }
    }

    @Test
    void productQuotientAndPowerKeepTheirConstants() {
        double[] times = new double[X.length];
        double[] over = new double[X.length];
        double[] power = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            times[i] = 3;
            over[i] = 1 / 4.0;
            power[i] = -0.5 * Math.pow(X[i], -1.5);
        }
        assertArrayEquals(times, gradient(x -> Scalars.times(x, 3)), 0);
        assertArrayEquals(over, gradient(x -> Scalars.over(x, 4)), 0);
        assertArrayEquals(power, gradient(x -> Scalars.power(x, -0.5)), 1e-15);
    }
}
