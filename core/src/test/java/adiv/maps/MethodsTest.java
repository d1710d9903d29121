package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The one catalogue of methods: adiv's own through the plug-in interface, what each supports, compositions. */
class MethodsTest {

    private final Methods catalogue = Methods.catalogue();

    @Test
    void adivsOwnMethodsAreRegisteredThroughThePluginInterface() {
        assertTrue(ServiceLoader.load(MethodProvider.class).stream().anyMatch(p -> p.type() == BuiltInMethods.class),
                "META-INF/services names the built-in provider");
        assertEquals(List.of("affine", "batchnorm", "layernorm", "rmsnorm", "l2", "dyt", "dyisru", "l2-half", "affine-like",
                "norm-like", "structural", "gradient-only-proportional", "gradient-only-disproportional", "norm-like-half",
                "patchnorm-affine-like", "patchnorm-norm-like", "patchnorm-norm-like-half"), List.copyOf(catalogue.all().keySet()));
        catalogue.all().values().forEach(m -> assertEquals(Methods.BUILT_IN, m.origin(), m.toString()));
    }

    @Test
    void eachMethodSaysWhatItSupports() {
        Method affine = catalogue.get("affine");
        assertTrue(catalogue.mlp(affine) && catalogue.cnn(affine) && catalogue.kernel(affine));
        // l2 has no CNN form (a CNN's normalisers are batchnorm, layernorm and rmsnorm after the convolution)
        assertTrue(catalogue.mlp(catalogue.get("l2")) && !catalogue.cnn(catalogue.get("l2")));
        // DyT's a is trained: an affine map after it is not linear in all its parameters, so no input-only kernel
        assertFalse(catalogue.kernel(catalogue.get("dyt")));
        Method patch = catalogue.get("patchnorm-norm-like-half");
        assertTrue(!catalogue.mlp(patch) && catalogue.cnn(patch));
        assertEquals("patchnorm-norm-like", patch.map());
        assertEquals(0.5, patch.lrScale());
        assertEquals("l2", catalogue.get("l2-half").norm());
    }

    @Test
    void aSpecComposesRegisteredPartsAndIsRefusedByNameOtherwise() {
        Method m = catalogue.compose("methods.x", "x", "structural:0.9", "layernorm", 0.5, "spec s.yaml");
        assertEquals("structural:0.9", m.map());
        assertEquals("spec s.yaml", m.origin());
        assertTrue(catalogue.mlp(m) && catalogue.kernel(m));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> catalogue.compose("methods.x", "x", "batchnorm", "none", 1, "s")).getMessage()
                .contains("methods.x.map: unknown map 'batchnorm'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> catalogue.compose("methods.x", "x", "affine", "groupnorm", 1, "s")).getMessage()
                .contains("methods.x.norm: unknown normaliser 'groupnorm'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> catalogue.compose("methods.affine-like", "affine-like", "affine", "none", 1, "s")).getMessage()
                .contains("a method named 'affine-like' exists (built-in)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalogue.requireMap("--map", "structural:2"))
                .getMessage().contains("rho"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalogue.get("affine-lik")).getMessage()
                .contains("unknown method 'affine-lik'"));
    }

    @Test
    void aMethodNeedsAFormOrAnotherMethodsMapAndAName() {
        assertThrows(IllegalArgumentException.class, () -> Method.builder("Bad Name"));
        assertThrows(IllegalArgumentException.class, () -> Method.builder("nothing").build());
        assertThrows(IllegalArgumentException.class, () -> Method.builder("both").map("affine")
                .dense((n, m, init) -> Affine.builder().setUnits(m).build()).build());
        assertThrows(IllegalArgumentException.class, () -> Method.builder("x").lrScale(0));
    }
}
