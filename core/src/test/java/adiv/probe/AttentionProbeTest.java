package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MATH.md §6: the QK layer's step follows the stated products, and a global scalar does not fix it. */
class AttentionProbeTest {

    @Test
    void theStepFollowsTheFirstOrderFormulaAndIsNotTheSteepestDescent() {
        List<AttentionProbe.Result> results = AttentionProbe.run(12, 20, 8, 1e-6f, 3);
        assertEquals(2, results.size());
        for (AttentionProbe.Result r : results) {
            assertTrue(r.firstOrderError() < 1e-3, "first-order formula: " + r);
            assertTrue(r.cosine() < 0.9, "not the ideal direction: " + r);
            assertTrue(r.rowRatioCv() > 0.1, "tokens moved unequally: " + r);
        }
        AttentionProbe.Result raw = results.get(0);
        AttentionProbe.Result scaled = results.get(1);
        // One global scalar c on X scales the step by c⁴ and leaves its direction (to first order in η).
        assertEquals(raw.cosine(), scaled.cosine(), 1e-4);
        assertEquals(raw.rowRatioCv(), scaled.rowRatioCv(), 1e-4 * raw.rowRatioCv());
        assertTrue(Math.abs(raw.ratio() / scaled.ratio() - 1) > 0.1, "the scalar changes the size");
    }
}
