package adiv.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict page and a report as a reader meets them: the answer first, laid out by a real browser
 * at a laptop's and a phone's width without sideways scrolling, with headings in order, every figure
 * named with its numbers, badge colours of WCAG AA contrast, times in UTC to the second.
 */
class PageLayoutTest {

    @TempDir Path dir;

    /** A preset with long sentences, many settings and a plug-in's 64-digit hash: what overflowed before. */
    private static final String SPEC = "name: wide\ndataset: fashion-mnist\nmax_epochs: 30\nseeds: [1, 2, 3, 4, 5]\n"
            + "grid:\n  method: [affine-like, batchnorm, layernorm]\n  act: [tanh, leaky-relu]\n  lr: [0.0001, 0.001, 0.01]\n"
            + "claims:\n"
            + "  - {id: affine-like-not-worse-than-each-normaliser, says: affine-like is not worse than batchnorm and"
            + " layernorm at the paper's one learning rate in every activation the grid trains, paper: \"The affine-like"
            + " solution performs similarly or better than the normalisers, without any of their dependence on the"
            + " batch, which we find striking given how simple it is.\", method: affine-like, against: [batchnorm,"
            + " layernorm], test: not-worse, margin: 0.01, where: {lr: 0.001}}\n"
            + "  - {id: affine-like-tuned-better, says: affine-like beats each at its best rate, method: affine-like,"
            + " against: [batchnorm, layernorm], test: better, tuned: lr}\n"
            + "  - {id: affine-like-relies-on-tuning-less, says: affine-like loses less when lr is not tuned, method:"
            + " affine-like, against: [batchnorm, layernorm], test: lower, metric: tuning-shortfall, over: lr}\n";

    private static Results results() {
        List<RunOutcome> runs = new ArrayList<>();
        for (String act : List.of("tanh", "leaky-relu")) {
            for (double lr : new double[] {0.0001, 0.001, 0.01}) {
                for (long seed = 1; seed <= 5; seed++) {
                    for (String m : List.of("affine-like", "batchnorm", "layernorm")) {
                        Map<String, Object> config = new TreeMap<>(Map.of("method", m, "seed", seed, "act", act, "lr", lr,
                                "dataset", "fashion-mnist"));
                        double acc = 0.86 + 0.002 * seed + 0.003 * Math.log10(lr) * (m.equals("affine-like") ? -1 : 1)
                                + (m.equals("affine-like") ? 0.001 * (seed % 3) : m.equals("layernorm") ? -0.004 : 0);
                        runs.add(new RunOutcome(config, "done", List.of(acc - 0.02, acc), List.of(), List.of(acc - 0.03,
                                acc + 0.001), "stagnated"));
                    }
                }
            }
        }
        Map<String, Map<String, Integer>> provenance = new java.util.LinkedHashMap<>();
        provenance.put("plugins", new TreeMap<>(Map.of("affine-like: a-very-long-plugin-file-name.jar sha256:"
                + "0123456789abcdef".repeat(4), 30)));
        return new Results(runs, SPEC, provenance);
    }

    private VerdictPage.Written verdict() throws Exception {
        Results results = results();
        var claims = ClaimEvaluation.evaluate(SweepSpec.parse(SPEC, "wide.yaml").claims(), results);
        return VerdictPage.write(dir, "verdict",
                List.of(new VerdictPage.Preset("wide", dir.resolve("wide").resolve("report.html"), claims, results)));
    }

    @Test
    void theVerdictPageOpensWithTheAnswerAndKeepsTheEvidenceBelow() throws Exception {
        VerdictPage.Written w = verdict();
        String md = Files.readString(w.markdown());
        // the count first, then a line per claim, then the rules, then the evidence with its tables
        int count = md.indexOf("**3 claims: ");
        int firstLine = md.indexOf("\n- **");
        int rules = md.indexOf("## How the words are decided");
        int firstTable = md.indexOf("\n| ");
        assertTrue(count > 0 && count < firstLine && firstLine < rules && rules < firstTable, md);
        assertTrue(md.contains("affine-like not worse than batchnorm, layernorm (margin 1.00 pt), at lr 0.001"), md);
        assertTrue(md.contains("affine-like better than batchnorm, layernorm, each at its best lr"), md);
        assertTrue(md.contains("affine-like loses less than batchnorm, layernorm when lr is not tuned"), md);
        // each line links to its claim's evidence, and the evidence carries that id
        String html = Files.readString(w.html());
        for (String id : new String[] {"wide-affine-like-not-worse-than-each-normaliser", "wide-affine-like-tuned-better"}) {
            assertTrue(md.contains("](#" + id + ")") && html.contains("href=\"#" + id + "\""), id);
            assertTrue(html.contains("<h3 id=\"" + id + "\">"), id);
        }
        // the paper's full sentence is in the evidence, never above the answer
        assertTrue(md.indexOf("> “The affine-like solution performs") > rules, md);
        // every figure is an image with a name; the small forest plots name their numbers
        Matcher svg = Pattern.compile("<svg[^>]*>").matcher(html);
        int svgs = 0;
        while (svg.find()) {
            svgs++;
            assertTrue(svg.group().contains("role=\"img\"") && svg.group().contains("aria-label=\""), svg.group());
        }
        assertEquals(3 + 3, svgs, "a small and a full forest plot per claim");
        assertTrue(html.contains("aria-label=\"forest plot of affine-like-tuned-better: vs batchnorm "), html);
        assertHeadingsInOrder(html);
        assertTrue(Pattern.compile("Written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\.").matcher(md).find(), md);
    }

    @Test
    void theReportOpensWithItsClaimsThenItsMainFigureThenTheTables() throws Exception {
        Report.Written w = new Report(results(), "adiv report: wide").write(dir);
        String md = Files.readString(w.markdown());
        int lines = md.indexOf("\n- **");
        int figure = md.indexOf("![Test accuracy at the selected epoch against lr");
        int tables = md.indexOf("## Claims (MATH.md §10)");
        int curves = md.indexOf("![Test and validation accuracy after each epoch");
        assertTrue(lines > 0 && lines < figure && figure < tables && tables < curves, md);
        // the main figure's numbers beside it: every method at every rate, and the rates validation picks
        assertTrue(md.contains("| affine-like, act=tanh | 0.0001 | 0.8792 | 0.001530 | yes |"), md);
        assertTrue(md.contains("| batchnorm, act=tanh | 0.0001 | 0.8540 | 0.001414 |  |"), md);
        assertTrue(md.contains("| batchnorm, act=tanh | 0.01 | 0.8600 | 0.001414 | yes |"), md);
        String html = Files.readString(w.html());
        assertHeadingsInOrder(html);
        assertTrue(Pattern.compile("report written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\.").matcher(md).find(), md);
        // numbers right-aligned: an accuracy cell is a number cell
        assertTrue(Pattern.compile("<td class=\"n\">0\\.8\\d{3} ± 0\\.\\d{4}</td>").matcher(html).find(), html);
    }

    @Test
    void bothPagesFitALaptopAndAPhoneAndShowAWordOnTheFirstScreen() throws Exception {
        Browser.assertFitsAndAnswersFirst(verdict().html());
        Path report = dir.resolve("report");
        Browser.assertFitsAndAnswersFirst(new Report(results(), "adiv report: wide").write(report).html());
    }

    /** The browser check can fail: a page wider than the window, and one with no word on its first screen. */
    @Test
    void aPageThatScrollsSidewaysOrHidesItsAnswerIsCaught() throws Exception {
        Path wide = dir.resolve("wide.html");
        Files.writeString(wide, "<!DOCTYPE html><html><body><div style=\"width:1500px\">wide</div>"
                + "<span class=\"badge\">supported</span></body></html>");
        Browser.Layout l = Browser.layout(wide, 1280, 800);
        assertEquals(1280, l.windowWidth(), l.json());
        assertFalse(l.fits(), l.json());
        assertTrue(l.overflowing().stream().anyMatch(o -> o.startsWith("div")), l.json());
        Path low = dir.resolve("low.html");
        Files.writeString(low, "<!DOCTYPE html><html><body><div style=\"height:2000px\"></div>"
                + "<span class=\"badge\">supported</span></body></html>");
        Browser.Layout below = Browser.layout(low, 390, 844);
        assertTrue(below.fits(), below.json());
        assertEquals(List.of(), below.wordsOnFirstScreen(), below.json());
    }

    /** WCAG 2's contrast of each badge's white text on its colour: AA asks at least 4.5:1 for normal text. */
    @Test
    void badgeColoursPassWcagAaWithWhiteText() {
        for (String colour : new String[] {Markup.SUPPORTED, Markup.CONTRADICTED, Markup.INCONCLUSIVE, Markup.TOO_SHORT}) {
            double ratio = (1.0 + 0.05) / (luminance(colour) + 0.05);
            assertTrue(ratio >= 4.5, colour + " gives " + ratio);
        }
        // the formula itself: black on white is 21:1, and #767676 on white the known AA threshold 4.54
        assertEquals(21.0, (1.05) / (luminance("#000000") + 0.05), 1e-9);
        assertEquals(4.54, (1.05) / (luminance("#767676") + 0.05), 0.01);
    }

    /** WCAG 2's relative luminance of an sRGB colour. */
    private static double luminance(String hex) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            c[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    /** One h1 first, and no heading more than one level below the one before it. */
    private static void assertHeadingsInOrder(String html) {
        Matcher h = Pattern.compile("<h([1-6])[ >]").matcher(html);
        List<Integer> levels = new ArrayList<>();
        while (h.find()) {
            levels.add(Integer.parseInt(h.group(1)));
        }
        assertEquals(1, levels.get(0), levels.toString());
        assertEquals(1, levels.stream().filter(l -> l == 1).count(), levels.toString());
        for (int i = 1; i < levels.size(); i++) {
            assertTrue(levels.get(i) <= levels.get(i - 1) + 1, "heading " + i + " skips a level: " + levels);
        }
    }
}
