package adiv.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A page laid out by a real browser (Debian's headless {@code chromium}) in a window of a given size,
 * and measured there: how wide the page is against the window, which verdict words (badges) lie
 * wholly inside the first screen, and which elements outside a scrolling box reach past the window's
 * right edge. The page is laid out unchanged in a frame of the window's size, and measured by a
 * script of the page around it, so the page itself stays script-free.
 *
 * <p>Where chromium is missing the test is skipped, unless ADIV_REQUIRE_BROWSER=1 (set by .ci/run,
 * which installs it): then it fails.
 */
public final class Browser {

    /** What the browser measured. */
    public record Layout(int windowWidth, int windowHeight, int pageWidth, List<String> wordsOnFirstScreen,
            List<String> overflowing, String json) {

        /** Whether the page is no wider than the window: nothing to scroll sideways. */
        public boolean fits() {
            return pageWidth <= windowWidth;
        }
    }

    /**
     * The harness: the page in a frame of exactly the window's size (headless chromium will not make
     * its own window narrower than 500 px), measured from outside once it has loaded.
     */
    private static final String HARNESS = "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" src=\"PAGE\""
            + " width=\"WIDTH\" height=\"HEIGHT\" style=\"border:0;display:block\"></iframe><script>"
            + "document.getElementById('f').onload=function(){var win=this.contentWindow,doc=this.contentDocument;"
            + "var w=win.innerWidth,h=win.innerHeight;"
            + "var words=[].slice.call(doc.querySelectorAll('.badge')).filter(function(b){"
            + "var r=b.getBoundingClientRect();return r.width>0&&r.top>=0&&r.bottom<=h&&r.left>=0&&r.right<=w;})"
            + ".map(function(b){return b.textContent;});"
            + "var over=[];[].slice.call(doc.body.querySelectorAll('*')).forEach(function(e){"
            + "if(e.closest('.scroll,pre,svg'))return;var r=e.getBoundingClientRect();"
            + "if(r.right>w+0.5)over.push(e.tagName.toLowerCase()+(e.className&&e.className.baseVal===undefined?'.'+e.className:'')"
            + "+' right '+Math.round(r.right));});"
            + "var o=document.createElement('template');o.id='adiv-measure';o.setAttribute('data-m',JSON.stringify({"
            + "w:w,h:h,page:doc.documentElement.scrollWidth,words:words,over:over.slice(0,8)}));"
            + "document.body.appendChild(o);};</script></body></html>";

    private static final Pattern RESULT = Pattern.compile("data-m=\"([^\"]*)\"");

    private Browser() {}

    /** The chromium on this machine, or a skipped (or, under .ci/run, failed) test. */
    static String chromium() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        if ("1".equals(System.getenv("ADIV_REQUIRE_BROWSER"))) {
            throw new AssertionError("chromium is not installed, and ADIV_REQUIRE_BROWSER=1 asks for the browser tests");
        }
        Assumptions.abort("chromium is not installed: the page is not measured in a browser (apt-get install chromium)");
        return null;
    }

    /** Lays the page out in a window width × height and measures it. */
    public static Layout layout(Path page, int width, int height) throws IOException, InterruptedException {
        String chromium = chromium();
        Path copy = page.resolveSibling(".measure-" + page.getFileName());
        Files.writeString(copy, HARNESS.replace("PAGE", page.getFileName().toString())
                .replace("WIDTH", String.valueOf(width)).replace("HEIGHT", String.valueOf(height)));
        Path profile = Files.createTempDirectory("adiv-chromium");
        try {
            Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--allow-file-access-from-files", "--user-data-dir=" + profile,
                    "--window-size=" + (width + 100) + "," + (height + 200),
                    "--virtual-time-budget=3000", "--dump-dom", copy.toUri().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish laying out " + page);
            }
            Matcher m = RESULT.matcher(dom);
            if (!m.find()) {
                throw new AssertionError("chromium laid out " + page + " but its measurement is not in the page it returned");
            }
            String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            JsonNode j = new ObjectMapper().readTree(json);
            return new Layout(j.get("w").asInt(), j.get("h").asInt(), j.get("page").asInt(),
                    new ObjectMapper().convertValue(j.get("words"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}),
                    new ObjectMapper().convertValue(j.get("over"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}),
                    json);
        } finally {
            Files.deleteIfExists(copy);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * Asserts that the page fits a laptop's 1280×800 and a phone's 390×844 window with no sideways
     * scroll, and that the first screen of each shows a claim's word.
     */
    public static void assertFitsAndAnswersFirst(Path page) throws IOException, InterruptedException {
        for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
            Layout l = layout(page, size[0], size[1]);
            if (l.windowWidth() != size[0]) {
                throw new AssertionError("chromium's window is " + l.windowWidth() + " px wide, not " + size[0] + ": " + l.json());
            }
            if (!l.fits()) {
                throw new AssertionError(page.getFileName() + " at " + size[0] + "×" + size[1] + " is " + l.pageWidth()
                        + " px wide: it scrolls sideways; past the right edge: " + l.overflowing());
            }
            if (l.wordsOnFirstScreen().stream().noneMatch(w -> w.matches("supported|contradicted|inconclusive|too short.*"))) {
                throw new AssertionError(page.getFileName() + " at " + size[0] + "×" + size[1]
                        + ": no claim's word on the first screen: " + l.json());
            }
        }
    }
}
