package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
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
        assertEquals(7, SweepSpec.parse(Presets.yaml("fig8", "smoke", "fashion-mnist"), "t").runs().size());
        assertEquals(7 * 2, SweepSpec.parse(Presets.yaml("fig9", "smoke", "fashion-mnist"), "t").runs().size());
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
    void theConvolutionalPresetsTrainCnnsWithPatchNormAndTheConventionalNormalisers() {
        for (String p : List.of("fig8", "fig9")) {
            Set<String> methods = new HashSet<>();
            for (RunSettings r : SweepSpec.parse(Presets.yaml(p, "quick", "cifar10"), p).runs()) {
                assertTrue(r.cnn(), p);
                methods.add(r.method());
                float expected = r.method().endsWith("-half") ? 5e-4f : 1e-3f;
                assertEquals(expected, r.trainConfig().learningRate(), 1e-9, p + " " + r.method());
                assertEquals(p.equals("fig8") ? 2 : 3, r.cnnSpec(new int[] {3, 32, 32}, 10).blocks());
            }
            assertEquals(Set.of("affine", "batchnorm", "layernorm", "rmsnorm", "patchnorm-affine-like",
                    "patchnorm-norm-like", "patchnorm-norm-like-half"), methods, p);
        }
        for (RunSettings r : SweepSpec.parse(Presets.yaml("table1", "smoke", "fashion-mnist"), "t").runs()) {
            assertTrue(!r.cnn(), "the MLP presets stay MLPs");
        }
    }

    @Test
    void unknownPresetsAndScalesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Presets.yaml("fig3", "smoke", "fashion-mnist"));
        assertThrows(IllegalArgumentException.class, () -> Presets.yaml("fig1", "huge", "fashion-mnist"));
    }
}
