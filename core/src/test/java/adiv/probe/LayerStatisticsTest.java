package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // weighted by |g|² = 1 and 4: r̄ = 0.2·3 + 0.8·5 = 4.6, variance 0.2·1.6² + 0.8·0.4² = 0.64
        assertEquals(0.8 / 4.6, r.ratioSpread(), 1e-12);
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
        assertEquals(0, r.ratioSpread());
        assertNull(r.corrRatioNorm());
        assertNull(r.predictedRatioMean());
        assertNull(r.predictedRatioCv());
        assertNull(r.interferenceActual());
    }

    @Test
    void aSampleWithAVanishingGradientDominatesTheCoefficientOfVariationButNotTheWeightedSpread() {
        double eta = 1;
        // Three samples moved by 1× and 3× their steepest descent, and a third whose gradient is 1e-6
        // while its output moved by 1e-3 along it (as under Adam): r = 1, 3 and 1000
        double[][] g = {{1, 0}, {0, 1}, {1e-6, 0}};
        double[][] dz = {{-1, 0}, {0, -3}, {-1e-3, 0}};
        ProbeRecord r = LayerStatistics.of(1, 1, "m", dz, g, null, new double[] {1, 1, 1}, eta);
        double[] ratios = {1, 3, 1000};
        double mean = (1 + 3 + 1000) / 3.0;
        double var = 0;
        for (double x : ratios) {
            var += (x - mean) * (x - mean) / 3;
        }
        assertEquals(Math.sqrt(var) / mean, r.ratioCv(), 1e-9);
        assertTrue(r.ratioCv() > 1.3, "the plain CV is the outlier's: " + r.ratioCv());
        // weights 1, 1, 1e-12 (over 2 + 1e-12): r̄ ≈ 2 + 1e-9, the spread ≈ that of {1, 3} = 1/2
        assertEquals(0.5, r.ratioSpread(), 1e-5);
        // bounded (MATH.md §4): Σ w r² ≤ Σ‖Δz‖² / (η² Σ‖g‖²)
        double bound = (1 + 9 + 1e-6) / (2 + 1e-12);
        double wMean = 2 / (2 + 1e-12) + 1e-12 / (2 + 1e-12) * 1000;
        double secondMoment = (r.ratioSpread() * wMean) * (r.ratioSpread() * wMean) + wMean * wMean;
        assertTrue(secondMoment <= bound + 1e-9, secondMoment + " > " + bound);
    }
}
