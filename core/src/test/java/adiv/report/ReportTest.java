package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics and the report's files, on runs whose numbers are known. */
class ReportTest {

    @TempDir Path dir;

    private static RunOutcome run(String method, int batch, long seed, double... acc) {
        Map<String, Object> config = new TreeMap<>();
        config.put("method", method);
        config.put("batch", batch);
        config.put("seed", seed);
        config.put("dataset", "fashion-mnist");
        config.put("max_epochs", acc.length);
        List<Double> a = new ArrayList<>();
        for (double v : acc) {
            a.add(v);
        }
        return new RunOutcome(config, "done", a);
    }

    @Test
    void meansStandardErrorsAndSlopes() {
        assertEquals(0.5, Summary.of(0.4, 0.6).mean(), 1e-12);
        assertEquals(0.1, Summary.of(0.4, 0.6).se(), 1e-12); // s = 0.1414, /√2
        assertTrue(Double.isNaN(Summary.of(0.4).se()));
        assertTrue(Summary.of(0.50, 0.52).withinErrorOf(Summary.of(0.51, 0.53)));
        assertFalse(Summary.of(0.50, 0.501).withinErrorOf(Summary.of(0.60, 0.601)));
        List<double[]> xy = List.of(new double[] {5, 0.9}, new double[] {6, 0.88}, new double[] {7, 0.86}, new double[] {8, 0.84});
        Slope s = Slope.fit(xy);
        assertEquals(-0.02, s.slope(), 1e-12);
        assertEquals(0, s.se(), 1e-12);
    }

    @Test
    void writesMarkdownHtmlCsvAndFiguresWithTable1() throws Exception {
        List<RunOutcome> runs = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            for (int b : new int[] {32, 128, 512}) {
                double log2 = Math.log(b) / Math.log(2);
                runs.add(run("affine-like", b, seed, 0.5, 0.95 - 0.02 * log2 + 0.001 * seed));
                runs.add(run("affine", b, seed, 0.6, 0.80 + 0.001 * seed));
            }
        }
        Report.Written w = new Report(new Results(runs, "name: t\n"), "adiv report: t").write(dir);
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("Table 1"), md);
        // affine-like falls by 0.02 per doubling of the batch; affine is flat (slope 0 within error).
        // Mean over batch sizes: 0.95 − 0.02·mean(log₂ b) + 0.002 = 0.812; the seeds' offsets give the SE.
        assertTrue(md.contains("| affine-like | 0.8120 ± 0.0231 | -0.1488 ± 0.0195 | -0.0200 ± 0.0002 | 9 |"), md);
        assertTrue(md.contains("| affine | 0.8020 ± 0.0000 | +0.0000 ± 0.0015 (0) | +0.0000 ± 0.0002 (0) | 9 |")
                || md.contains("| affine | 0.8020 ± 0.0000 | -0.0000 ± 0.0015 (0) | -0.0000 ± 0.0002 (0) | 9 |"), md);
        assertTrue(md.contains("| affine-like | 32 | 3 | 0.8520 ± 0.0006 | 0.8520 ± 0.0006 | 2.0 | 0 | 0 | best |"), md);
        String html = Files.readString(w.html());
        assertTrue(html.contains("<svg"), "figures inline");
        assertTrue(Files.exists(dir.resolve("figure-accuracy-vs-batch.svg")));
        String batch = Files.readString(dir.resolve("figure-accuracy-vs-batch.svg"));
        assertTrue(batch.contains(">32<") && batch.contains(">128<") && batch.contains(">512<"), "the batch axis is labelled");
        assertTrue(Files.exists(dir.resolve("figure-training-curves.svg")));
        List<String> csv = Files.readAllLines(w.csv());
        assertEquals("method,batch,seeds,final_acc_mean,final_acc_se,selected_acc_mean,selected_acc_se,diverged", csv.get(0));
        assertEquals(1 + 6, csv.size());
    }

    @Test
    void accuracyAgainstTheLearningRateIsDrawnOnALogAxis() throws Exception {
        List<RunOutcome> runs = new ArrayList<>();
        double[] rates = {0.0001, 0.001, 0.01};
        for (long seed = 1; seed <= 2; seed++) {
            for (double lr : rates) {
                for (String m : List.of("affine", "affine-like")) {
                    RunOutcome r = run(m, 128, seed, 0.5, 0.8 + 0.01 * Math.log10(lr) * (m.equals("affine") ? 1 : -1));
                    r.config().put("lr", lr);
                    runs.add(r);
                }
            }
        }
        new Report(new Results(runs, "name: t\n"), "adiv report: t").write(dir);
        String svg = Files.readString(dir.resolve("figure-accuracy-vs-lr.svg"));
        assertTrue(svg.contains(">chosen on validation<"), "each line's rate picked on validation is marked");
        // ticks of a base-10 axis, one per decade: 0.0001, 0.001 and 0.01 are labelled, not spaced linearly
        assertTrue(svg.contains(">0.0001<") && svg.contains(">0.001<") && svg.contains(">0.01<"),
                java.util.regex.Pattern.compile(">([^<>]{1,12})<").matcher(svg).results().map(m -> m.group(1)).toList().toString());
    }
}
