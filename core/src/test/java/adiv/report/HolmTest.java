package adiv.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Holm} (MATH.md §10) on examples worked by hand. */
class HolmTest {

    @Test
    void textbookExample() {
        // sorted: 0.005·4 = 0.02; 0.01·3 = 0.03; 0.03·2 = 0.06; 0.04·1 = 0.04 → running max 0.06.
        // back in input order (0.01, 0.04, 0.03, 0.005):
        double[] p = {0.01, 0.04, 0.03, 0.005};
        double[] adj = Holm.adjust(p);
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, adj, 1e-15);
        assertArrayEquals(new double[] {0.01, 0.04, 0.03, 0.005}, p, 0.0); // input untouched
    }

    @Test
    void capsAtOne() {
        // sorted: 0.3·3 = 0.9; 0.4·2 = 0.8 → running max 0.9; 0.6·1 = 0.6 → 0.9
        assertArrayEquals(new double[] {0.9, 0.9, 0.9}, Holm.adjust(new double[] {0.6, 0.3, 0.4}), 1e-15);
        // 0.7·2 = 1.4 → capped at 1; 0.9·1 = 0.9 → running max 1
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.7, 0.9}), 0.0);
    }

    @Test
    void singleAndEmpty() {
        assertArrayEquals(new double[] {0.04}, Holm.adjust(new double[] {0.04}), 0.0);
        assertEquals(0, Holm.adjust(new double[0]).length);
    }

    @Test
    void nanStaysAndDoesNotCount() {
        // m = 2, not 3: 0.01·2 = 0.02, 0.04·1 = 0.04
        double[] adj = Holm.adjust(new double[] {0.04, Double.NaN, 0.01});
        assertEquals(0.04, adj[0], 1e-15);
        assertTrue(Double.isNaN(adj[1]));
        assertEquals(0.02, adj[2], 1e-15);
        assertTrue(Double.isNaN(Holm.adjust(new double[] {Double.NaN})[0]));
    }

    @Test
    void tiesGetTheSameValue() {
        assertArrayEquals(new double[] {0.06, 0.06, 0.06}, Holm.adjust(new double[] {0.02, 0.02, 0.02}), 1e-15);
    }

    @Test
    void monotoneAndNeverBelowRawNorAboveBonferroni() {
        Random r = new Random(13);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(12);
            double[] p = new double[m];
            for (int i = 0; i < m; i++) {
                p[i] = r.nextDouble() * (r.nextBoolean() ? 0.05 : 1.0);
            }
            double[] adj = Holm.adjust(p);
            for (int i = 0; i < m; i++) {
                assertTrue(adj[i] >= p[i]);
                assertTrue(adj[i] <= Math.min(1.0, m * p[i]) + 1e-15);
                for (int j = 0; j < m; j++) {
                    if (p[i] <= p[j]) {
                        assertTrue(adj[i] <= adj[j], "order of raw p-values kept");
                    }
                }
            }
        }
    }

    @Test
    void rejectsValuesOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {0.5, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {-0.1}));
    }
}
