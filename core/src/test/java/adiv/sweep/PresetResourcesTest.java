package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The presets as YAML resources say what the Java that wrote them said: for every preset and scale,
 * the same spec (settings, grid, seeds, claims) as the text kept from before
 * ({@code presets-before-yaml/}), and the same runs, keyed byte for byte as the run store keys them
 * (so that stores made before still resume).
 */
class PresetResourcesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static String resource(String name) throws IOException {
        try (InputStream in = PresetResourcesTest.class.getResourceAsStream("/adiv/presets-before-yaml/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyPresetAtEveryScaleIsTheSpecItWasWithTheSameRunKeys() throws IOException, NoSuchAlgorithmException {
        String keys = resource("run-keys.txt");
        int checked = 0;
        for (String preset : Presets.PAPER) {
            for (String scale : Presets.SCALES) {
                String before = resource(preset + "-" + scale + ".yaml");
                String now = Presets.yaml(preset, scale, "fashion-mnist");
                assertEquals(YAML.readTree(before), YAML.readTree(now), preset + " " + scale + ":\n" + now);
                SweepSpec spec = SweepSpec.parse(now, preset);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                spec.runs().forEach(r -> md.update((r.canonical() + "\n").getBytes(StandardCharsets.UTF_8)));
                String line = preset + " " + scale + " " + spec.runs().size() + " " + HexFormat.of().formatHex(md.digest());
                assertTrue(keys.contains(line + "\n"), "run keys of " + preset + " " + scale + " changed: " + line);
                checked++;
            }
        }
        assertEquals(24, checked);
    }

    @Test
    void theDataSetIsTheUsersAndTheSpecReadsBackAsWritten() throws IOException {
        String y = Presets.yaml("fig8", "verdict", "cifar10");
        assertTrue(y.startsWith("# fig8 at the verdict scale, from adiv/presets/fig8.yaml"), y);
        assertEquals("cifar10", YAML.readTree(y).get("dataset").asText());
        assertEquals("fig8-verdict", SweepSpec.parse(y, "fig8").name());
    }
}
