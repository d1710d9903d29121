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

    @Test
    void theVerdictScaleTrainsUntilStagnationWithFiveSeedsAndEveryPresetDeclaresItsClaims() {
        for (String p : Presets.NAMES) {
            SweepSpec spec = SweepSpec.parse(Presets.yaml(p, "verdict", "fashion-mnist"), p + "-verdict");
            Set<Long> seeds = new HashSet<>();
            Set<String> methods = new HashSet<>();
            for (RunSettings r : spec.runs()) {
                seeds.add(((Number) r.config().get("seed")).longValue());
                methods.add(r.method());
                assertEquals(10, r.trainConfig().patience(), p);
                assertEquals(0.1, r.trainConfig().validation(), 0, p);
                assertTrue(r.trainConfig().epochs() >= 40, p + ": generous max_epochs");
                assertEquals(1e-3f, r.trainConfig().learningRate(), 1e-9, p + ": one set of hyperparameters");
            }
            assertTrue(seeds.size() >= 5, p + ": at least five seeds");
            assertTrue(!spec.claims().isEmpty(), p + " declares its claims");
            for (Claim c : spec.claims()) {
                assertTrue(methods.contains(c.method()), p + ": " + c.id() + " is about a method the grid trains");
                assertTrue(methods.containsAll(c.against()), p + ": " + c.id() + " compares with methods the grid trains");
            }
            // every scale carries the same claims (fig9's verdict with fewer opponents), so that every
            // report opens with them
            for (String s : List.of("smoke", "quick", "paper")) {
                List<Claim> other = SweepSpec.parse(Presets.yaml(p, s, "fashion-mnist"), p + "-" + s).claims();
                assertEquals(spec.claims().stream().map(Claim::id).toList(), other.stream().map(Claim::id).toList(), p + " " + s);
                if (!p.equals("fig9")) {
                    assertEquals(spec.claims(), other, p + " " + s);
                }
            }
        }
        Claim slope = SweepSpec.parse(Presets.yaml("table1", "verdict", "fashion-mnist"), "t").claims().get(0);
        assertEquals(Claim.Test.SLOPE_LOWER, slope.test());
        Claim matches = SweepSpec.parse(Presets.yaml("fig8", "verdict", "fashion-mnist"), "f").claims().get(0);
        assertEquals(Claim.Test.EQUIVALENT, matches.test());
        assertTrue(matches.best());
        assertEquals(0.01, matches.margin(), 0);
    }
}
