package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The probe's statistics on numbers worked out by hand. */
class LayerStatisticsTest {

    @Test
    void ratiosCosinesAndInterferenceOfAHandMadeStep() {
        double eta = 0.5;
        double[][] g = {{1, 0}, {0, 2}};
        double[][] k = {{3, 1}, {1, 5}};
        // dz_s = −η Σ_t K_st g_t
        double[][] dz = {{-eta * 3 * 1, -eta * 1 * 2}, {-eta * 1 * 1, -eta * 5 * 2}};
        ProbeRecord r = LayerStatistics.of(7, 2, "m", dz, g, k, new double[] {2, 4}, eta);
        // r_0 = <dz_0, -g_0>/(η|g_0|²) = 1.5/0.5 = 3; r_1 = (0.5·5·2·2)/(0.5·4) = 5
        assertEquals(4, r.ratioMean(), 1e-12);
        assertEquals(4, r.predictedRatioMean(), 1e-12);
        assertEquals(1 / 4.0, r.ratioCv(), 1e-12);
        assertEquals(1 / 4.0, r.predictedRatioCv(), 1e-12, "K_ss = 3 and 5: spread 1 around 4");
        assertEquals(1.0, r.corrRatioNorm(), 1e-12); // r rises with |x|²+1 (3, 5)
        // interference_0 = |η·1·g_1| / |η·3·g_0| = 2/3; interference_1 = |η·1·g_0|/|η·5·g_1| = 1/10
        assertEquals((2 / 3.0 + 0.1) / 2, r.interferenceKernel(), 1e-12);
        assertEquals(r.interferenceKernel(), r.interferenceActual(), 1e-12);
        double cos0 = 1.5 / Math.hypot(1.5, 1);
        double cos1 = 5 / Math.hypot(0.5, 5);
        assertEquals((cos0 + cos1) / 2, r.cosineMean(), 1e-12);
    }

    @Test
    void batchOneHasNoSpreadNoCorrelationAndNoKernelWhenThereIsNone() {
        ProbeRecord r = LayerStatistics.of(1, 1, "m", new double[][] {{-2, 0}}, new double[][] {{1, 0}}, null, new double[] {3}, 1);
        assertEquals(2, r.ratioMean(), 1e-12);
        assertEquals(0, r.ratioCv());
        assertNull(r.corrRatioNorm());
        assertNull(r.predictedRatioMean());
        assertNull(r.predictedRatioCv());
        assertNull(r.interferenceActual());
    }
}
