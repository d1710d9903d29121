package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's table of a claim's keys is {@link Claim#keysMarkdown}, and it and the parser agree: every
 * key the table lists is read, every key the parser reads is listed, each applies to the tests the
 * table says, its default is what the parser takes, and README's example spec parses.
 */
class ClaimKeysTest {

    private static final String BEGIN = "<!-- claim keys: begin (Claim.keysMarkdown(); a test checks it) -->\n";
    private static final String END = "<!-- claim keys: end -->";
    /**
     * A grid every test can be claimed on: a batch axis, a numeric width axis of three values (so that
     * from and to each differ from their defaults), the probe, a validation split.
     */
    private static final String GRID = "probe_every: 200\ngrid:\n  method: [affine, batchnorm, affine-like]\n"
            + "  batch: [32, 128]\n  width: [16, 32, 64]\n";
    /** A value for each key whose table row gives none to try: the ones some tests need, and paper. */
    private static final Map<Claim.Key, String> SAMPLES = Map.of(Claim.Key.AGAINST, "[affine, batchnorm]",
            Claim.Key.MARGIN, "0.01", Claim.Key.ALONG, "width", Claim.Key.PAPER, "\"the paper's words\"",
            Claim.Key.FROM, "32", Claim.Key.TO, "32", Claim.Key.TUNED, "width", Claim.Key.OVER, "batch",
            Claim.Key.WHERE, "{act: tanh}");

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void readmeShowsTheTable() throws IOException {
        String text = readme();
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertTrue(from >= 0 && to > from, "README.md has the claim keys block between its markers");
        assertEquals(Claim.keysMarkdown(), text.substring(from + BEGIN.length(), to),
                "README.md's table of claim keys: replace the lines between the markers with Claim.keysMarkdown()");
    }

    /** The keys README's table lists, in its order (its first table: the keys; the second is the tests). */
    private static List<String> readmeKeys() throws IOException {
        String text = readme();
        String block = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(block.substring(0, block.indexOf("\n\n")));
        List<String> keys = new ArrayList<>();
        while (row.find()) {
            keys.add(row.group(1));
        }
        return keys;
    }

    @Test
    void anUnknownKeysErrorListsExactlyTheTablesKeys() throws IOException {
        String message = refusal(claim(Map.of("id", "c", "says", "x", "method", "affine-like", "test", "slope-negative",
                "colour", "red")));
        assertTrue(message.contains("claims[0]: unknown key 'colour': expected one of "), message);
        String listed = message.substring(message.indexOf("expected one of ") + "expected one of ".length(),
                message.indexOf("; see"));
        assertEquals(readmeKeys(), List.of(listed.split(", ")), "the keys the parser accepts are the rows of README's table");
        assertEquals(Claim.keys(), readmeKeys());
        assertTrue(message.contains("README.md"), message);
    }

    /**
     * For every test and every key: a key every claim has, and a key a test needs, is refused when
     * missing, by name and with README's table; a key a test does not take is refused when given; an
     * optional key's default (as the table writes it) changes nothing, and its other value (as the table
     * writes it) is read, changing the claim, exactly for the tests the table says; a key that goes
     * with a metric is refused without it, and with it is required exactly for the tests the table
     * says (the metric refused for the others).
     */
    @Test
    void everyKeyOfTheTableIsReadAsTheTableSays() {
        int checked = 0;
        for (Claim.Test test : Claim.Test.values()) {
            Map<String, String> base = base(test);
            Claim plain = parse(claim(base));
            assertEquals(test, plain.test());
            for (Claim.Key key : Claim.Key.values()) {
                String k = key.word();
                switch (key.need()) {
                    case ALWAYS -> assertMissing(claim(without(base, k)), k);
                    case FOR_ITS_TESTS -> {
                        if (key.appliesTo(test)) {
                            assertMissing(claim(without(base, k)), k);
                        } else {
                            String m = refusal(claim(with(base, k, sample(key))));
                            assertTrue(m.contains("claims[0]." + k + ": "), test.word() + " refuses " + k + ": " + m);
                        }
                    }
                    case FOR_ITS_METRIC -> {
                        String alone = refusal(claim(with(base, k, sample(key))));
                        assertTrue(alone.contains("claims[0]." + k + ": "), test.word() + " refuses " + k + " without metric: "
                                + key.metric() + ": " + alone);
                        Map<String, String> withMetric = with(base, Claim.Key.METRIC.word(), key.metric());
                        if (key.appliesTo(test)) {
                            assertMissing(claim(withMetric), k);
                            Claim read = parse(claim(with(withMetric, k, sample(key))));
                            assertEquals(key.metric(), read.metric());
                            assertNotEquals(plain, read);
                        } else {
                            String m = refusal(claim(with(withMetric, k, sample(key))));
                            assertTrue(m.contains("claims[0].metric: "), test.word() + " refuses metric: " + key.metric()
                                    + ": " + m);
                        }
                    }
                    case OPTIONAL -> {
                        if (key.fallback().startsWith("`")) {
                            assertEquals(plain, parse(claim(with(base, k, unquote(key.fallback())))),
                                    k + "'s default, as README's table writes it, is the parser's");
                        }
                        String other = key.restricted() == null ? sample(key) : unquote(key.restricted());
                        if (key.appliesTo(test)) {
                            assertNotEquals(plain, parse(claim(with(base, k, other))), test.word() + " reads " + k);
                        } else {
                            String m = refusal(claim(with(base, k, other)));
                            assertTrue(m.contains("claims[0]." + k + ": "), test.word() + " refuses " + k + ": " + other
                                    + ": " + m);
                        }
                    }
                }
                checked++;
            }
        }
        assertEquals(Claim.Test.values().length * Claim.Key.values().length, checked);
    }

    @Test
    void readmesExampleSpecParsesAndUsesEveryKey() throws IOException {
        String text = readme();
        int block = text.lastIndexOf("```yaml\n", text.indexOf(BEGIN));
        String yaml = text.substring(block + "```yaml\n".length(), text.indexOf("```\n", block + 1));
        SweepSpec spec = SweepSpec.parse(yaml, "README.md");
        assertEquals(3, spec.claims().size());
        assertTrue(spec.claims().get(0).best() && spec.claims().get(0).margin() == 0.01);
        assertEquals("lr", spec.claims().get(0).tuned());
        assertEquals("width", spec.claims().get(1).along());
        assertEquals(Claim.TUNING_SHORTFALL, spec.claims().get(2).metric());
        assertEquals("lr", spec.claims().get(2).over());
        Set<String> used = new TreeSet<>();
        for (JsonNode c : new ObjectMapper(new YAMLFactory()).readTree(yaml).get("claims")) {
            c.fieldNames().forEachRemaining(used::add);
        }
        assertEquals(new TreeSet<>(Claim.keys()), used, "README's example shows every key of the table");
    }

    @Test
    void aMissingKeyIsNamedWithReadmesTable() {
        String m = refusal("claims:\n  - {id: c, method: affine-like, against: [affine], test: better}\n");
        assertEquals("spec.yaml: claims[0]: missing key 'says': every claim has id, says, method and test; see the table"
                + " of a claim's keys in README.md (section \"The verdict\")", m);
        String margin = refusal(claim(without(base(Claim.Test.EQUIVALENT), "margin")));
        assertTrue(margin.contains("claims[0]: missing key 'margin': an equivalent claim needs a positive margin"), margin);
    }

    /** A claim of this test with every key it must have. */
    private static Map<String, String> base(Claim.Test test) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("id", "c");
        c.put("says", "x");
        c.put("method", "affine-like");
        c.put("test", test.word());
        for (Claim.Key key : Claim.Key.values()) {
            if (key.need() == Claim.Need.FOR_ITS_TESTS && key.appliesTo(test)) {
                c.put(key.word(), sample(key));
            }
        }
        return c;
    }

    private static String sample(Claim.Key key) {
        String v = SAMPLES.get(key);
        assertTrue(v != null, "a value to try for the key " + key.word() + " (add it to SAMPLES)");
        return v;
    }

    private static String unquote(String tableWords) {
        assertTrue(tableWords.matches("`[^`]+`"), tableWords);
        return tableWords.substring(1, tableWords.length() - 1);
    }

    private static Map<String, String> with(Map<String, String> claim, String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(claim);
        c.put(key, value);
        return c;
    }

    private static Map<String, String> without(Map<String, String> claim, String key) {
        Map<String, String> c = new LinkedHashMap<>(claim);
        c.remove(key);
        return c;
    }

    /** A spec of the grid with this one claim. */
    private static String claim(Map<String, String> keys) {
        List<String> pairs = new ArrayList<>();
        keys.forEach((k, v) -> pairs.add(k + ": " + v));
        return "claims:\n  - {" + String.join(", ", pairs) + "}\n";
    }

    private static Claim parse(String claims) {
        List<Claim> read = SweepSpec.parse(GRID + claims, "spec.yaml").claims();
        assertEquals(1, read.size());
        return read.get(0);
    }

    private static String refusal(String claims) {
        return assertThrows(IllegalArgumentException.class, () -> SweepSpec.parse(GRID + claims, "spec.yaml"),
                claims).getMessage();
    }

    private static void assertMissing(String claims, String key) {
        String m = refusal(claims);
        assertTrue(m.contains("claims[0]: missing key '" + key + "'") && m.contains("README.md"), key + ": " + m);
    }
}
