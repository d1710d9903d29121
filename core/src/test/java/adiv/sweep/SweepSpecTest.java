package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sweep specs: the grid's product, one set of hyperparameters, and refusals that name the key. */
class SweepSpecTest {

    private static final String TABLE1 =
            "name: t1\n"
                    + "dataset: fashion-mnist\n"
                    + "epochs: 2\n"
                    + "lr: 0.002\n"
                    + "seeds: [1, 2]\n"
                    + "grid:\n"
                    + "  method: [affine, batchnorm, l2, l2-half, affine-like]\n"
                    + "  act: [tanh, leaky-relu]\n"
                    + "  batch: [32, 128, 512]\n";

    @Test
    void aClaimsWhereNamesSettingsAndValuesTheGridTrains() {
        String grid = "grid:\n  opt: [adam, sgd]\n  method: [affine, affine-like]\nclaims:\n"
                + "  - {id: c, says: x, method: affine-like, against: [affine], test: better, where: ";
        assertEquals(java.util.Map.of("opt", "sgd"), SweepSpec.parse(grid + "{opt: sgd}}\n", "spec.yaml").claims().get(0).where());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse(grid + "{opt: adamw}}\n", "spec.yaml"));
        assertTrue(value.getMessage().contains("claims[0] (c): where.opt: adamw is not a value the grid trains affine-like at"),
                value.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse(grid + "{optimiser: sgd}}\n", "spec.yaml"));
        assertTrue(key.getMessage().contains("where.optimiser: not a setting"), key.getMessage());
        IllegalArgumentException method = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse(grid + "{method: affine}}\n", "spec.yaml"));
        assertTrue(method.getMessage().contains("claims[0].where.method: a claim compares over its method"), method.getMessage());
    }

    @Test
    void eachOptimiserTrainsAtItsOwnRateWhenLrGivesOnePerOptimiser() {
        SweepSpec spec = SweepSpec.parse("lr: {adam: 0.001, sgd: 0.05}\ngrid:\n  opt: [adam, sgd]\n  method: [affine, l2-half]\n",
                "spec.yaml");
        Set<String> trained = new HashSet<>();
        for (RunSettings r : spec.runs()) {
            trained.add(r.config().get("opt") + " " + r.method() + " " + r.config().get("lr"));
        }
        assertEquals(Set.of("adam affine 0.001", "adam l2-half 5.0E-4", "sgd affine 0.05", "sgd l2-half 0.025"), trained,
                "each optimiser's rate, times the method's factor");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("lr: {adamw: 0.001}\n", "spec.yaml"));
        assertTrue(bad.getMessage().startsWith("spec.yaml: lr.adamw: unknown optimizer 'adamw'"), bad.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("lr: {adam: 0.001}\ngrid:\n  opt: [adam, sgd]\n", "spec.yaml"));
        assertTrue(missing.getMessage().contains("lr: no rate for opt 'sgd'"), missing.getMessage());
    }

    @Test
    void theRunsAreTheGridsProductTimesTheSeedsEachResolved() {
        SweepSpec spec = SweepSpec.parse(TABLE1, "t1.yaml");
        List<RunSettings> runs = spec.runs();
        assertEquals(5 * 2 * 3 * 2, runs.size());
        Set<String> distinct = new HashSet<>();
        for (RunSettings r : runs) {
            distinct.add(r.canonical());
            assertEquals(2, r.trainConfig().epochs());
        }
        assertEquals(runs.size(), distinct.size(), "every run is a different configuration");
        RunSettings first = runs.get(0);
        assertEquals("affine", first.config().get("map"));
        assertEquals("none", first.config().get("norm"));
        assertEquals(32, first.trainConfig().batch());
        assertEquals(1, first.trainConfig().seed());
        RunSettings half = runs.stream().filter(r -> r.method().equals("l2-half")).findFirst().orElseThrow();
        assertEquals("l2", half.config().get("norm"));
        assertEquals(0.001f, half.trainConfig().learningRate(), 1e-9, "the doubled step is halved");
        RunSettings bn = runs.stream().filter(r -> r.method().equals("batchnorm")).findFirst().orElseThrow();
        assertEquals(0.002f, bn.trainConfig().learningRate(), 1e-9, "every other method keeps the one lr");
    }

    @Test
    void precisionIsAnAxisAndItsDefaultLeavesStoredConfigurationsAsTheyWere() {
        List<RunSettings> runs = SweepSpec.parse("grid:\n  precision: [float32, bf16]\n", "p").runs();
        assertEquals(adiv.maps.Precision.FLOAT32, runs.get(0).trainConfig().precision());
        assertEquals(adiv.maps.Precision.BF16, runs.get(1).trainConfig().precision());
        assertTrue(!runs.get(0).config().containsKey("precision"), "float32 is not written into the run's key");
        assertEquals("bf16", runs.get(1).config().get("precision"));
        assertEquals(SweepSpec.parse("width: 64\n", "a").runs().get(0).canonical(),
                SweepSpec.parse("width: 64\nprecision: float32\n", "b").runs().get(0).canonical());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("precision: half\n", "h").runs());
        assertTrue(e.getMessage().contains("precision: expected one of float32, bf16"), e.getMessage());
    }

    @Test
    void canonicalJsonIgnoresTheOrderSettingsWereWritten() {
        String a = SweepSpec.parse("epochs: 3\nwidth: 64\n", "a").runs().get(0).canonical();
        String b = SweepSpec.parse("width: 64\nepochs: 3\n", "b").runs().get(0).canonical();
        assertEquals(a, b);
        assertNotEquals(a, SweepSpec.parse("width: 65\nepochs: 3\n", "c").runs().get(0).canonical());
    }

    @Test
    void userMethodsExtendTheBuiltIns() {
        SweepSpec spec = SweepSpec.parse(
                "grid:\n  method: [s9]\nmethods:\n  s9: {map: \"structural:0.9\", norm: none}\n", "m");
        assertEquals("structural:0.9", spec.runs().get(0).config().get("map"));
    }

    @Test
    void anUnknownKeyIsRefusedWithItsName() {
        assertMessage("epochs: 2\nlearning_rate: 0.1\n", "unknown key 'learning_rate'");
        assertMessage("grid:\n  widht: [1, 2]\n", "unknown key 'grid.widht'");
        assertMessage("methods:\n  x: {map: affine, gamma: 1}\n", "methods.x: unknown key 'gamma'");
    }

    @Test
    void badValuesAreRefusedWithTheirSetting() {
        assertMessage("grid:\n  method: [affine, groupnorm]\n", "unknown method 'groupnorm'");
        assertMessage("width: many\n", "width: expected an integer");
        assertMessage("act: relu6\n", "unknown activation 'relu6'");
        assertMessage("grid:\n  batch: []\n", "grid.batch: expected a non-empty list");
        assertMessage("seeds: [1, x]\n", "seeds: expected integers");
        assertMessage("batch: 32\ngrid:\n  batch: [1]\n", "batch is both fixed and a grid axis");
        assertMessage("epochs: [1, 2]\n", "epochs: expected a single value");
        assertMessage("- a\n- b\n", "expected a mapping");
    }

    /** A claim the runs cannot answer is refused when the spec is read, naming the claim and what it lacks. */
    @Test
    void claimsTheGridCannotAnswerAreRefusedNamingTheClaim() {
        String grid = "grid:\n  method: [affine, batchnorm, affine-like]\n";
        assertMessage(grid + "claims:\n  - {id: vs-ln, says: x, method: affine-like, against: [batchnorm, layernorm],"
                + " test: better}\n", "claims[0] (vs-ln): method 'layernorm' has no runs in this sweep");
        assertMessage(grid + "claims:\n  - {id: slopes, says: x, method: affine-like, against: [batchnorm],"
                + " test: slope-lower}\n", "claims[0] (slopes): a slope-lower claim fits accuracy against log2 batch");
        assertMessage(grid + "claims:\n  - {id: own, says: x, method: affine-like, test: slope-negative}\n",
                "needs at least two batch sizes");
        assertMessage(grid + "claims:\n  - {id: spread, says: x, method: affine-like, against: [affine], test: lower,"
                + " metric: ratio-spread}\n", "claims[0] (spread): a ratio-spread claim compares what the probe measures");
        assertMessage("validation: 0\npatience: none\n" + grid + "claims:\n  - {id: best, says: x, method: affine-like,"
                + " against: [affine, batchnorm], test: not-worse, vs: best, margin: 0.01}\n",
                "claims[0] (best): vs: best chooses the opponent on validation accuracy");
        assertMessage(grid + "claims:\n  - {id: m, says: x, method: affine-like, against: [affine], test: not-worse}\n",
                "a not-worse claim needs a positive margin");
        assertMessage(grid + "claims:\n  - {id: m, says: x, method: affine-like, against: [affine], test: better,"
                + " margin: 0.01}\n", "only not-worse and equivalent claims have a margin");
        assertMessage(grid + "claims:\n  - {id: o, says: x, method: affine-like, against: [affine], test: slope-negative}\n",
                "has no opponents; remove against");
        // what it can answer is read
        String ok = grid.replace("grid:\n", "probe_every: 200\ngrid:\n  batch: [32, 128]\n") + "claims:\n"
                + "  - {id: own, says: x, method: affine-like, test: slope-negative}\n"
                + "  - {id: nw, says: x, paper: the paper's words, method: affine-like, against: [affine, batchnorm],"
                + " test: not-worse, vs: best, margin: 0.01, pooled: true}\n"
                + "  - {id: spread, says: x, method: affine-like, against: [affine], test: lower, metric: kss-spread}\n";
        var claims = SweepSpec.parse(ok, "ok.yaml").claims();
        assertEquals(Claim.Test.SLOPE_NEGATIVE, claims.get(0).test());
        assertTrue(claims.get(0).against().isEmpty());
        assertTrue(claims.get(1).pooled() && claims.get(1).best());
        assertEquals("the paper's words", claims.get(1).paper());
        assertEquals(Claim.RATIO_SPREAD, claims.get(2).metric(), "the older name reads as the measured spread");
    }

    /**
     * Claims over a setting (MATH.md §11) the grid cannot answer are refused when the spec is read,
     * each in one line naming the claim and the key: an axis to tune, take a shortfall over or grow
     * along that the grid does not vary for the claim's methods, a choice on validation without a
     * validation split, a from or to not on the axis, an axis of words without them, and the keys out
     * of place.
     */
    @Test
    void claimsOverASettingTheGridCannotAnswerAreRefusedNamingTheKey() {
        String grid = "grid:\n  method: [affine, batchnorm, affine-like]\n  lr: [0.003, 0.001]\n  width: [32, 256]\n"
                + "  opt: [adam, sgd]\n";
        String tuned = "claims:\n  - {id: t, says: x, method: affine-like, against: [batchnorm], test: better, tuned: ";
        String shortfall = "claims:\n  - {id: s, says: x, method: affine-like, against: [batchnorm], test: lower,"
                + " metric: tuning-shortfall, over: ";
        String grows = "claims:\n  - {id: g, says: x, method: affine-like, against: [batchnorm], test: grows, ";
        assertMessage(grid + tuned + "depth}\n", "claims[0] (t): tuned: depth is not a grid axis (its axes: method, lr,"
                + " width, opt)");
        assertMessage(grid + tuned + "seed}\n", "claims[0] (t): tuned: seed is not a grid axis");
        assertMessage(grid.replace("[0.003, 0.001]", "[0.003]") + tuned + "lr}\n",
                "claims[0] (t): tuned: lr takes one value for affine-like's runs ([0.003])");
        assertMessage("validation: 0\npatience: none\n" + grid + tuned + "lr}\n",
                "claims[0] (t): tuned: the value of lr is chosen on validation accuracy (never on the test set) and needs"
                        + " a validation split");
        assertMessage(grid + shortfall + "depth}\n", "claims[0] (s): over: depth is not a grid axis");
        assertMessage("validation: 0\npatience: none\n" + grid + shortfall + "lr}\n",
                "claims[0] (s): over: the value of lr is chosen on validation accuracy");
        assertMessage(grid + shortfall.replace(", over: ", "") + "}\n", "claims[0]: missing key 'over': a tuning-shortfall"
                + " claim needs the grid axis it is taken over");
        assertMessage(grid + shortfall.replace("test: lower", "test: better") + "lr}\n",
                "claims[0].metric: a tuning-shortfall claim's test is worse (or lower)");
        assertMessage(grid + shortfall.replace("metric: tuning-shortfall, ", "") + "lr}\n",
                "claims[0].over: only a metric: tuning-shortfall claim has an axis");
        assertMessage(grid + shortfall + "lr, tuned: width}\n", "claims[0].tuned: a tuning-shortfall claim picks the value");
        assertMessage(grid + grows + "along: width, tuned: lr}\n", "claims[0].tuned: only better (or higher), worse (or"
                + " lower), not-worse and equivalent claims");
        assertMessage(grid + grows + "along: opt}\n", "claims[0] (g): along: opt [adam, sgd] is not an axis of numbers, so"
                + " it has no smallest or largest value; give from and to");
        assertMessage(grid + grows + "along: opt, to: sgd}\n", "give from and to");
        assertMessage(grid + grows + "along: opt, from: rmsprop, to: sgd}\n",
                "claims[0] (g): from: 'rmsprop' is not a value of opt for affine-like's runs (its values: [adam, sgd])");
        assertMessage(grid + grows + "along: width, to: 64}\n", "claims[0] (g): to: '64' is not a value of width");
        assertMessage(grid + grows + "along: width, from: 32, to: 32.0}\n", "claims[0].to: from and to are the same value");
        assertMessage(grid + grows + "along: width, from: 256}\n",
                "claims[0] (g): from and to are the same value of width (256, a default included)");
        assertMessage(grid + grows + "along: seed}\n", "claims[0] (g): along: seed must be a grid axis");
        assertMessage(grid + tuned + "lr, from: 32}\n", "claims[0].from: only a grows claim");
        // what it can answer is read: either direction, an axis of words, a tuned value, a shortfall
        var claims = SweepSpec.parse(grid + "claims:\n"
                + "  - {id: g, says: x, method: affine-like, against: [batchnorm], test: grows, along: width, from: 256, to: 32}\n"
                + "  - {id: o, says: x, method: affine-like, against: [batchnorm], test: grows, along: opt, from: adam, to: sgd}\n"
                + "  - {id: t, says: x, method: affine-like, against: [batchnorm], test: not-worse, margin: 0.01, tuned: lr}\n"
                + "  - {id: s, says: x, method: affine-like, against: [batchnorm], test: lower, metric: tuning-shortfall,"
                + " over: lr}\n", "ok.yaml").claims();
        assertEquals(256L, claims.get(0).from());
        assertEquals(32L, claims.get(0).to());
        assertEquals(List.of(256L, 32L), List.of(claims.get(0).ends(List.of(32, 256))), "as given, not sorted");
        assertEquals(List.of("adam", "sgd"), List.of(claims.get(1).ends(List.of("sgd", "adam"))));
        assertEquals("lr", claims.get(2).tuned());
        assertEquals("lr", claims.get(2).axis());
        assertEquals(Claim.TUNING_SHORTFALL, claims.get(3).metric());
        assertEquals("lr", claims.get(3).over());
        assertEquals("lr", claims.get(3).axis());
    }

    private static void assertMessage(String yaml, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.parse(yaml, "spec.yaml"));
        assertTrue(e.getMessage().startsWith("spec.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void theProtocolKeysHaveDefaultsAndEpochsIsAnOlderNameForMaxEpochs() {
        RunSettings plain = SweepSpec.parse("epochs: 30\n", "a.yaml").runs().get(0);
        assertEquals(30, plain.trainConfig().epochs());
        assertEquals(0.1, plain.trainConfig().validation(), 0);
        assertEquals(10, plain.trainConfig().patience());
        assertTrue(plain.canonical().contains("\"max_epochs\":30"), plain.canonical());
        assertEquals(plain.canonical(), SweepSpec.parse("max_epochs: 30\n", "b.yaml").runs().get(0).canonical(),
                "the same run under either name");
        RunSettings fixed = SweepSpec.parse("max_epochs: 5\npatience: none\nvalidation: 0.2\n", "c.yaml").runs().get(0);
        assertEquals(0, fixed.trainConfig().patience());
        assertEquals(0.2, fixed.trainConfig().validation(), 0);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("epochs: 3\nmax_epochs: 3\n", "d.yaml"));
        assertTrue(both.getMessage().contains("epochs and max_epochs mean the same"), both.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("patience: never\n", "e.yaml"));
        assertTrue(bad.getMessage().contains("patience"), bad.getMessage());
        IllegalArgumentException noSplit = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.parse("validation: 0\n", "f.yaml"));
        assertTrue(noSplit.getMessage().contains("patience needs a validation split"), noSplit.getMessage());
    }
}
