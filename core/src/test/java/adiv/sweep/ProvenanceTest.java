package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's provenance: read here, stored as a map, read back. */
class ProvenanceTest {

    @Test
    void hereReadsTheBuildAndTheMachine() {
        Provenance p = Provenance.here(1, "ok: 3 results of 1 kernel calls agree with float64, 1 thread");
        for (String field : new String[] {p.adiv(), p.commit(), p.djl(), p.libtorch(), p.cpu()}) {
            assertNotNull(field, p.toString());
            assertFalse(field.isBlank(), p.toString());
        }
        assertEquals("0.35.1", p.djl());
        assertTrue(p.libtorch().startsWith("2.7.1"), p.libtorch());
        assertEquals(1, p.threads());
        assertTrue(
                p.commit().equals("unknown") || p.commit().matches("[0-9a-f]{7,}(-dirty)?"),
                "commit: " + p.commit());
    }

    @Test
    void asMapHasTheSnakeCaseKeysAndRoundTrips() {
        Provenance p = Provenance.here(3, null);
        Map<String, Object> m = p.asMap();
        assertEquals(List.of("adiv", "commit", "djl", "libtorch", "cpu", "threads", "kernels"), List.copyOf(m.keySet()));
        assertEquals(3, m.get("threads"));
        assertEquals(p, Provenance.fromMap(m));

        Provenance q = new Provenance("0.2.0", "abc1234-dirty", "0.35.1", "2.7.1", "Some CPU @ 2.00GHz", 8,
                "routed conv2d through float64: ...");
        assertEquals(q, Provenance.fromMap(q.asMap()));
    }

    @Test
    void fromMapToleratesMissingKeysAndOtherNumberTypes() {
        Provenance empty = Provenance.fromMap(Map.of());
        assertNull(empty.adiv());
        assertNull(empty.commit());
        assertNull(empty.djl());
        assertNull(empty.libtorch());
        assertNull(empty.cpu());
        assertEquals(0, empty.threads());

        Map<String, Object> m = new HashMap<>();
        m.put("commit", "abc1234");
        m.put("cpu", null);
        m.put("threads", 16L); // as read back from SQLite or JSON
        Provenance p = Provenance.fromMap(m);
        assertEquals("abc1234", p.commit());
        assertNull(p.cpu());
        assertEquals(16, p.threads());
        assertEquals(4, Provenance.fromMap(Map.of("threads", "4")).threads());
    }
}
