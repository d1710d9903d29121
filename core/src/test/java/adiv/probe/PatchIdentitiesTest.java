package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MATH.md §5 on real SGD steps: PatchNorm's single-patch ratio and its whole patch kernel. */
class PatchIdentitiesTest {

    @Test
    void bothFormsFollowThePatchKernel() {
        List<IdentityRow> rows = PatchIdentities.checkAll(3);
        assertEquals(4, rows.size());
        for (IdentityRow r : rows) {
            assertTrue(r.relError() < 1e-7, r.toString());
            double stated = r.map().endsWith("norm-like") ? 2 : 1;
            assertEquals(stated, r.predicted(), 1e-9, r.toString());
            assertEquals(stated, r.measured(), 1e-6, r.toString());
        }
    }
}
