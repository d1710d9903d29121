package adiv.maps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The affine-type maps the theory check and the maps benchmark measure, by the names their tables
 * show: every built-in method's map (from {@link Methods}, the one catalogue), the structural
 * family at a second weight share, and two conventional layers for comparison (a parameterless
 * normaliser before a plain affine map, as in the paper's baselines).
 */
public final class AffineMaps {

    private AffineMaps() {}

    /**
     * Each map with a factory taking the number of outputs m, in the order the paper presents them:
     * the plain reference, the structural corrections (two weight shares of the family), the
     * gradient-only corrections, then the two conventional layers.
     */
    public static Map<String, IntFunction<AffineMap>> all() {
        Methods catalogue = Methods.catalogue();
        Map<String, IntFunction<AffineMap>> maps = new LinkedHashMap<>();
        maps.put("affine", dense(catalogue, "affine"));
        maps.put("affine-like", dense(catalogue, "affine-like"));
        maps.put("norm-like", dense(catalogue, "norm-like"));
        maps.put("structural(rho=0.5)", dense(catalogue, "structural"));
        maps.put("structural(rho=0.9)", dense(catalogue, "structural:0.9"));
        maps.put("gradient-only-proportional", dense(catalogue, "gradient-only-proportional"));
        maps.put("gradient-only-disproportional", dense(catalogue, "gradient-only-disproportional"));
        maps.put("layernorm+affine", m -> NormalisedAffine.builder().setUnits(m).setNormaliser(LayerNorm.builder().build()).build());
        maps.put("rmsnorm+affine", m -> NormalisedAffine.builder().setUnits(m).setNormaliser(RmsNorm.builder().build()).build());
        return maps;
    }

    /** A map's dense form from the catalogue, with PyTorch's initialisation. */
    private static IntFunction<AffineMap> dense(Methods catalogue, String map) {
        Method forms = catalogue.requireMap("map", map);
        return m -> catalogue.dense(forms, 1, m, Init.PYTORCH);
    }
}
