package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report statistics on stores whose answer is known by construction. */
class TrendsTest {

    private static RunOutcome run(String method, int batch, List<Double> acc, List<Map<String, Object>> probes) {
        return new RunOutcome(Map.of("method", method, "batch", batch), "done", acc, probes,
                java.util.Collections.nCopies(acc.size(), Double.NaN), "max_epochs");
    }

    @Test
    void batchTrendRecoversAnExactLineInLog2Batch() {
        // accuracy = 0.9 − 0.01·log₂(batch/32) for one method, constant for the other, two seeds each.
        List<RunOutcome> runs = new ArrayList<>();
        for (int b : new int[] {32, 128, 512}) {
            double falling = 0.9 - 0.01 * (Math.log(b / 32.0) / Math.log(2));
            for (int seed = 0; seed < 2; seed++) {
                runs.add(run("falls", b, List.of(0.5, falling), List.of()));
                runs.add(run("flat", b, List.of(0.5, 0.85), List.of()));
            }
        }
        List<Trends.BatchTrend> trends = Trends.batchTrends(new Results(runs, "name: t\n"), List.of("method"));
        assertEquals(2, trends.size());
        Trends.BatchTrend falls = trends.stream().filter(t -> t.key().get("method").equals("falls")).findFirst().orElseThrow();
        Trends.BatchTrend flat = trends.stream().filter(t -> t.key().get("method").equals("flat")).findFirst().orElseThrow();
        assertEquals(-0.01, falls.perLog2().slope(), 1e-12);
        assertEquals(0.0, falls.perLog2().se(), 1e-9);
        assertEquals(0.0, flat.perLog2().slope(), 1e-12);
        // The mean over batch sizes: (0.9 + 0.88 + 0.86) / 3.
        assertEquals(0.88, falls.meanOverBatches().mean(), 1e-12);
        assertEquals(6, falls.runs());
        assertTrue(falls.perThousand().slope() < 0);
    }

    @Test
    void perEpochAveragesTheRunsStillTrainingAtEachEpoch() {
        RunOutcome longer = run("a", 64, List.of(0.1, 0.3, 0.5), List.of());
        RunOutcome shorter = run("a", 64, List.of(0.3, 0.5), List.of());
        List<Charts.Point> points = Trends.perEpoch(List.of(longer, shorter), RunOutcome::testAcc);
        assertEquals(3, points.size());
        assertEquals(0.2, points.get(0).mean(), 1e-12);
        assertEquals(0.1, points.get(0).se(), 1e-12); // SE of {0.1, 0.3}
        assertEquals(0.4, points.get(1).mean(), 1e-12);
        assertEquals(0.5, points.get(2).mean(), 1e-12); // only the longer run
    }

    @Test
    void perStepAndInterferenceReadTheWantedLayerOnly() {
        List<Map<String, Object>> probes = List.of(
                Map.of("step", 0L, "layer", 1, "predicted_ratio_mean", 2.0, "interference_patch", 0.25, "interference_sample", 0.5),
                Map.of("step", 0L, "layer", 2, "predicted_ratio_mean", 9.0),
                Map.of("step", 200L, "layer", 1, "predicted_ratio_mean", 4.0, "interference_patch", 0.75, "interference_sample", 0.5));
        Results results = new Results(List.of(run("p", 64, List.of(0.5), probes)), "name: t\n");
        Map<Map<String, Object>, List<Charts.Point>> curves =
                Trends.perStep(results, List.of("method"), "predicted_ratio_mean", r -> 1);
        List<Charts.Point> points = curves.values().iterator().next();
        assertEquals(List.of(0.0, 200.0), points.stream().map(Charts.Point::x).toList());
        assertEquals(List.of(2.0, 4.0), points.stream().map(Charts.Point::mean).toList());
        assertTrue(Trends.perStep(results, List.of("method"), "ratio_mean", r -> 1).isEmpty());

        assertTrue(Trends.probedConvolutions(results));
        List<Trends.ConvInterference> rows = Trends.convInterference(results, List.of("method"));
        assertEquals(1, rows.size());
        assertEquals(3.0, rows.get(0).own(), 1e-12);
        assertEquals(0.5, rows.get(0).crossPatch(), 1e-12);
        assertEquals(0.5, rows.get(0).crossSample(), 1e-12);
        assertEquals(2, rows.get(0).records());
        assertFalse(Trends.probedConvolutions(new Results(List.of(run("q", 64, List.of(0.5), List.of())), "name: t\n")));
    }
}
