package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Claims judged on runs with a known answer: a method better than another by construction is
 * supported, an equal one inconclusive, a worse one contradicted; an equivalence inside and outside
 * its margin; slopes; "too short" runs; selection on validation, never on test.
 */
class ClaimEvaluationTest {

    private static final String CLAIMS = "methods:\n  a: {map: affine-like}\n  b: {norm: batchnorm}\n  c: {norm: layernorm}\n"
            + "claims:\n"
            + "  - {id: beats, says: a beats b, method: a, against: [b], test: better}\n"
            + "  - {id: matches, says: a matches the best of b and c, method: a, against: [b, c], test: equivalent,"
            + " vs: best, margin: 0.01}\n"
            + "  - {id: slope, says: a loses more with batch, method: a, against: [b], test: slope-lower}\n"
            + "  - {id: kss, says: a keeps K_ss constant and b does not, method: a, against: [b], test: lower,"
            + " metric: kss-spread}\n";

    /** A run whose last epoch has this test accuracy, selected there on validation, stagnated. */
    private static RunOutcome run(String method, long seed, String act, int batch, double acc, String stopped) {
        Map<String, Object> config = new TreeMap<>();
        config.put("method", method);
        config.put("seed", seed);
        config.put("act", act);
        config.put("batch", batch);
        config.put("dataset", "fashion-mnist");
        return new RunOutcome(config, "done", List.of(acc - 0.05, acc), List.of(), List.of(0.5, 0.6), stopped);
    }

    /** a = b + delta (+ noise) in every seed, in two activations. */
    private static Results results(double delta, double noise, String stopped) {
        Random r = new Random(1);
        List<RunOutcome> runs = new ArrayList<>();
        for (String act : List.of("tanh", "relu")) {
            for (long seed = 1; seed <= 6; seed++) {
                double base = 0.80 + 0.01 * r.nextGaussian();
                runs.add(run("b", seed, act, 128, base, stopped));
                runs.add(run("c", seed, act, 128, base - 0.05, stopped));
                runs.add(run("a", seed, act, 128, base + delta + noise * r.nextGaussian(), stopped));
            }
        }
        return new Results(runs, "name: t\n");
    }

    private static ClaimEvaluation.ClaimResult claim(List<ClaimEvaluation.ClaimResult> all, String id) {
        return all.stream().filter(c -> c.claim().id().equals(id)).findFirst().orElseThrow();
    }

    private static List<ClaimEvaluation.ClaimResult> evaluate(Results results) {
        return ClaimEvaluation.evaluate(SweepSpec.parse(CLAIMS, "claims.yaml").claims(), results);
    }

    @Test
    void betterByConstructionIsSupportedEqualInconclusiveReversedContradicted() {
        ClaimEvaluation.ClaimResult better = claim(evaluate(results(0.02, 0.002, "stagnated")), "beats");
        assertEquals(Verdict.SUPPORTED, better.judgement().verdict());
        assertEquals(2, better.comparisons().size(), "one comparison per activation");
        for (ClaimEvaluation.Comparison c : better.comparisons()) {
            assertEquals(6, c.selected().n());
            assertEquals(0.02, c.selected().estimate(), 0.005);
            assertTrue(c.holmP() >= c.selected().p(), "Holm never lowers a p-value");
            assertEquals(6, c.selected().favour()[0]);
        }
        assertFalse(better.judgement().tooShort());
        assertEquals(24, better.runs());

        ClaimEvaluation.ClaimResult equal = claim(evaluate(results(0, 0.01, "stagnated")), "beats");
        assertEquals(Verdict.INCONCLUSIVE, equal.judgement().verdict());
        assertTrue(equal.comparisons().get(0).selected().seedsNeeded() > 6, "more seeds would be needed");

        ClaimEvaluation.ClaimResult worse = claim(evaluate(results(-0.02, 0.002, "stagnated")), "beats");
        assertEquals(Verdict.CONTRADICTED, worse.judgement().verdict());
        assertEquals(Verdict.CONTRADICTED, worse.weakest().verdict(), "the row shows a comparison that contradicts it");
    }

    @Test
    void anEquivalenceInsideTheMarginIsSupportedAndOutsideContradicted() {
        // vs: best compares a with b (c is five points worse in every cell)
        ClaimEvaluation.ClaimResult inside = claim(evaluate(results(0.001, 0.001, "stagnated")), "matches");
        assertEquals(Verdict.SUPPORTED, inside.judgement().verdict());
        inside.comparisons().forEach(c -> assertEquals("b", c.against()));
        ClaimEvaluation.ClaimResult outside = claim(evaluate(results(0.03, 0.001, "stagnated")), "matches");
        assertEquals(Verdict.CONTRADICTED, outside.judgement().verdict());
        ClaimEvaluation.ClaimResult noisy = claim(evaluate(results(0.0, 0.03, "stagnated")), "matches");
        assertEquals(Verdict.INCONCLUSIVE, noisy.judgement().verdict());
    }

    @Test
    void runsThatHitMaxEpochsMakeAClaimTooShortWhateverItsCiSays() {
        ClaimEvaluation.ClaimResult r = claim(evaluate(results(0.02, 0.002, "max_epochs")), "beats");
        assertEquals(Verdict.TOO_SHORT, r.judgement().verdict());
        assertEquals(Verdict.SUPPORTED, r.judgement().fromCi());
        assertEquals(24, r.hitMaxEpochs());
    }

    @Test
    void aSlopeClaimComparesTheSlopesAgainstLog2Batch() {
        List<RunOutcome> runs = new ArrayList<>();
        Random r = new Random(2);
        for (long seed = 1; seed <= 5; seed++) {
            for (int b : new int[] {32, 128, 512}) {
                double x = Math.log(b) / Math.log(2);
                runs.add(run("a", seed, "tanh", b, 0.95 - 0.02 * x + 0.002 * r.nextGaussian(), "stagnated"));
                runs.add(run("b", seed, "tanh", b, 0.85 + 0.002 * r.nextGaussian(), "stagnated"));
            }
        }
        ClaimEvaluation.ClaimResult slope = claim(evaluate(new Results(runs, "name: s\n")), "slope");
        assertEquals(1, slope.comparisons().size(), "the batch sizes are fitted over, not cells");
        assertEquals(-0.02, slope.comparisons().get(0).selected().estimate(), 0.003);
        assertEquals(Verdict.SUPPORTED, slope.judgement().verdict());
    }

    @Test
    void theSelectedEpochComesFromValidationAndTheFinalOneMayDisagree() {
        // a's test accuracy peaks at epoch 1, where validation also peaks; b improves to the end.
        List<RunOutcome> runs = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            Map<String, Object> ca = new TreeMap<>(Map.of("method", "a", "seed", seed, "act", "tanh", "batch", 128));
            Map<String, Object> cb = new TreeMap<>(Map.of("method", "b", "seed", seed, "act", "tanh", "batch", 128));
            double e = 0.001 * seed;
            runs.add(new RunOutcome(ca, "done", List.of(0.90 + e, 0.80 + e), List.of(), List.of(0.9, 0.8), "stagnated"));
            runs.add(new RunOutcome(cb, "done", List.of(0.80, 0.85 + 0.5 * e), List.of(), List.of(0.7, 0.9), "stagnated"));
        }
        ClaimEvaluation.ClaimResult beats = claim(evaluate(new Results(runs, "name: v\n")), "beats");
        assertEquals(Verdict.SUPPORTED, beats.judgement().verdict(), "on the selected epochs 0.90 vs 0.85");
        assertEquals(Verdict.CONTRADICTED, beats.judgementLast().verdict(), "on the last epochs 0.80 vs 0.85");
        assertTrue(beats.selectionMatters());
    }

    @Test
    void aProbeClaimComparesEachRunsSpreadOfKss() {
        List<RunOutcome> runs = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            for (String m : List.of("a", "b")) {
                Map<String, Object> config = new TreeMap<>(Map.of("method", m, "seed", seed, "act", "tanh", "batch", 128));
                double cv = m.equals("a") ? 1e-8 : 0.30 + 0.01 * seed; // a aligned, b spread like ‖x‖² + 1
                List<Map<String, Object>> probes = List.of(Map.of("step", 1L, "layer", 2, "predicted_ratio_cv", cv),
                        Map.of("step", 201L, "layer", 2, "predicted_ratio_cv", cv * 1.2));
                runs.add(new RunOutcome(config, "done", List.of(0.8), probes, List.of(0.8), "stagnated"));
            }
        }
        ClaimEvaluation.ClaimResult kss = claim(evaluate(new Results(runs, "name: k\n")), "kss");
        assertEquals(Verdict.SUPPORTED, kss.judgement().verdict());
        assertEquals(-0.33 * 1.1, kss.comparisons().get(0).selected().estimate(), 0.01);
        assertEquals(5, kss.comparisons().get(0).selected().favour()[2], "a's spread is lower in every seed");
    }
}
