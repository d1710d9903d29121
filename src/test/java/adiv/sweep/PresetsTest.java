package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The presets parse at every scale, with one set of hyperparameters for every method. */
class PresetsTest {

    @Test
    void everyPresetAtEveryScaleIsAValidSpec() {
        for (String p : Presets.NAMES) {
            for (String s : Presets.SCALES) {
                SweepSpec spec = SweepSpec.parse(Presets.yaml(p, s, "fashion-mnist"), p + "-" + s);
                assertTrue(spec.runs().size() > 1, p + " " + s);
            }
        }
    }

    @Test
    void smokeSizesAndTheOneLearningRate() {
        assertEquals(7 * 2 * 3, SweepSpec.parse(Presets.yaml("table1", "smoke", "fashion-mnist"), "t").runs().size());
        assertEquals(7 * 2 * 2, SweepSpec.parse(Presets.yaml("fig1", "smoke", "fashion-mnist"), "t").runs().size());
        assertEquals(7 * 2, SweepSpec.parse(Presets.yaml("fig2", "smoke", "fashion-mnist"), "t").runs().size());
        assertEquals(7, SweepSpec.parse(Presets.yaml("fig5", "smoke", "fashion-mnist"), "t").runs().size());
        Set<Float> rates = new HashSet<>();
        for (RunSettings r : SweepSpec.parse(Presets.yaml("table1", "quick", "cifar10"), "t").runs()) {
            if (!r.method().endsWith("-half")) {
                rates.add(r.trainConfig().learningRate());
            }
            assertEquals("cifar10", r.config().get("dataset"));
        }
        assertEquals(Set.of(1e-3f), rates, "one learning rate for every method");
    }

    @Test
    void unknownPresetsAndScalesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Presets.yaml("fig3", "smoke", "fashion-mnist"));
        assertThrows(IllegalArgumentException.class, () -> Presets.yaml("fig1", "huge", "fashion-mnist"));
    }
}
