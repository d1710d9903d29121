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
                assertEquals(p.equals("fig8") ? 2 : 3, r.runConfig().cnn(new int[] {3, 32, 32}, 10).blocks());
            }
            assertEquals(Set.of("affine", "batchnorm", "layernorm", "rmsnorm", "patchnorm-affine-like",
                    "patchnorm-norm-like", "patchnorm-norm-like-half"), methods, p);
        }
        for (RunSettings r : SweepSpec.parse(Presets.yaml("table1", "smoke", "fashion-mnist"), "t").runs()) {
            assertTrue(!r.cnn(), "the MLP presets stay MLPs");
        }
    }

    @Test
    void theOpenQuestionsAreTheirOwnPresetsOutsideAll() {
        assertEquals(List.of("optimiser", "lr", "depth", "residual"), Presets.OPEN);
        SweepSpec residual = SweepSpec.parse(Presets.yaml("residual", "verdict", "fashion-mnist"), "r");
        assertEquals(6 * 2 * 2 * 5, residual.runs().size(), "six methods x 2, 8 blocks x adam, sgd x five seeds");
        assertTrue(residual.runs().stream().allMatch(r -> r.probeEvery() > 0
                && r.runConfig().model() == adiv.train.RunConfig.Model.RESMLP), "the residual MLP, probed");
        SweepSpec depth = SweepSpec.parse(Presets.yaml("depth", "verdict", "fashion-mnist"), "d");
        assertEquals(6 * 4 * 5, depth.runs().size(), "six methods x depths 1, 2, 4, 8 x five seeds");
        assertEquals(java.util.Set.of(1, 2, 4, 8), depth.runs().stream()
                .map(r -> ((Number) r.config().get("depth")).intValue()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of("depth", ""), depth.claims().stream().map(Claim::along).toList());
        assertEquals(8, ((Number) depth.claims().get(1).where().get("depth")).intValue());
        assertEquals(java.util.Set.of("depth"), depth.claims().get(1).where().keySet());
        assertTrue(Presets.OPEN.stream().noneMatch(Presets.PAPER::contains));
        SweepSpec optimiser = SweepSpec.parse(Presets.yaml("optimiser", "verdict", "fashion-mnist"), "o");
        assertEquals(6 * 2 * 5, optimiser.runs().size(), "six methods x adam, sgd x five seeds");
        assertTrue(optimiser.runs().stream().allMatch(r -> r.probeEvery() > 0), "the probe on every run");
        assertEquals(java.util.Map.of("opt", "sgd"), optimiser.claims().get(0).where());
        SweepSpec lr = SweepSpec.parse(Presets.yaml("lr", "verdict", "fashion-mnist"), "l");
        assertEquals(6 * 5 * 5, lr.runs().size(), "six methods x five learning rates x five seeds");
        for (String m : List.of("affine", "batchnorm", "layernorm", "rmsnorm", "l2", "affine-like")) {
            assertEquals(Set.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2), lr.runs().stream().filter(r -> r.method().equals(m))
                    .map(r -> ((Number) r.config().get("lr")).doubleValue()).collect(java.util.stream.Collectors.toSet()),
                    m + ": every method at every rate");
        }
        assertEquals(List.of("lr", "lr", "", ""), lr.claims().stream().map(Claim::tuned).toList());
        assertEquals("lr", lr.claims().get(2).over());
        assertEquals(java.util.Map.of("lr", 0.001), lr.claims().get(3).where());
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
                // one set of hyperparameters; L2 at η/2 is the paper's own variant, its step halved by definition
                double scale = adiv.maps.Methods.catalogue().get(r.method()).lrScale();
                if (Presets.PAPER.contains(p)) {
                    assertEquals(1e-3f * scale, r.trainConfig().learningRate(), 1e-9, p + ": one set of hyperparameters");
                } else if (p.equals("optimiser")) {
                    // one rate per optimiser, the same for every method: Adam's 1e-3, SGD's from the pilot
                    double rate = r.config().get("opt").equals("adam") ? 1e-3 : 0.01;
                    assertEquals(rate * scale, r.trainConfig().learningRate(), 1e-9, p + ": one rate per optimiser");
                }
            }
            assertTrue(seeds.size() >= 5, p + ": at least five seeds");
            assertTrue(!spec.claims().isEmpty(), p + " declares its claims");
            for (Claim c : spec.claims()) {
                assertTrue(c.paper().length() > 40, p + ": " + c.id() + " quotes the paper's sentence");
                assertTrue(methods.contains(c.method()), p + ": " + c.id() + " is about a method the grid trains");
                assertTrue(methods.containsAll(c.against()), p + ": " + c.id() + " compares with methods the grid trains");
            }
            // every scale carries the same claims, so that every report opens with them
            for (String s : List.of("smoke", "quick", "paper")) {
                List<Claim> other = SweepSpec.parse(Presets.yaml(p, s, "fashion-mnist"), p + "-" + s).claims();
                assertEquals(spec.claims().stream().map(Claim::id).toList(), other.stream().map(Claim::id).toList(), p + " " + s);
                assertEquals(spec.claims(), other, p + " " + s);
            }
        }
        List<Claim> table1 = SweepSpec.parse(Presets.yaml("table1", "verdict", "fashion-mnist"), "t").claims();
        assertEquals(List.of("affine-like", "l2", "l2-half"), table1.stream()
                .filter(c -> c.test() == Claim.Test.SLOPE_NEGATIVE).map(Claim::method).toList(),
                "every structural correction's own slope is claimed negative");
        assertEquals(List.of("batchnorm", "affine"), table1.stream().filter(c -> c.test() == Claim.Test.SLOPE_LOWER)
                .findFirst().orElseThrow().against(), "lower than BatchNorm's and no normaliser's, no claim on LN/RMS");
        Claim average = table1.get(table1.size() - 1);
        assertTrue(average.pooled() && average.test() == Claim.Test.BETTER, "affine-like best on average over batch sizes");
        Claim grows = SweepSpec.parse(Presets.yaml("fig2", "verdict", "fashion-mnist"), "f2").claims().stream()
                .filter(c -> c.test() == Claim.Test.GROWS).findFirst().orElseThrow();
        assertEquals("width", grows.along());
        Claim spread = SweepSpec.parse(Presets.yaml("fig1", "verdict", "fashion-mnist"), "f1").claims().stream()
                .filter(c -> Claim.RATIO_SPREAD.equals(c.metric())).findFirst().orElseThrow();
        assertEquals(Claim.Test.WORSE, spread.test(), "the measured spread, lower for affine-like");
        Claim matches = SweepSpec.parse(Presets.yaml("fig8", "verdict", "fashion-mnist"), "f").claims().get(0);
        assertEquals(Claim.Test.EQUIVALENT, matches.test());
        assertTrue(matches.best());
        assertEquals(0.01, matches.margin(), 0);
    }
}
