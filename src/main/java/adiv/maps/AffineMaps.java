package adiv.maps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The affine-type maps by name: the catalogue that the theory check, the benchmarks and (later) the
 * network builders share, so that a name means the same map everywhere.
 */
public final class AffineMaps {

    private AffineMaps() {}

    /**
     * Each map with a factory taking the number of outputs m, in the order the paper presents them:
     * the plain reference, the structural corrections (two weight shares of the family), the
     * gradient-only corrections, then two conventional layers for comparison (a parameterless
     * normaliser before a plain affine map, as in the paper's baselines).
     */
    public static Map<String, IntFunction<AffineMap>> all() {
        Map<String, IntFunction<AffineMap>> maps = new LinkedHashMap<>();
        maps.put("affine", m -> Affine.builder().setUnits(m).build());
        maps.put("affine-like", m -> AffineLike.builder().setUnits(m).build());
        maps.put("norm-like", m -> NormLike.builder().setUnits(m).build());
        maps.put("structural(rho=0.5)", m -> Structural.builder().setUnits(m).optRho(0.5f).build());
        maps.put("structural(rho=0.9)", m -> Structural.builder().setUnits(m).optRho(0.9f).build());
        maps.put(
                "gradient-only-proportional",
                m ->
                        GradientOnlyAffine.builder()
                                .setUnits(m)
                                .optMode(GradientOnlyAffine.Mode.PROPORTIONAL)
                                .build());
        maps.put(
                "gradient-only-disproportional",
                m ->
                        GradientOnlyAffine.builder()
                                .setUnits(m)
                                .optMode(GradientOnlyAffine.Mode.DISPROPORTIONAL)
                                .build());
        maps.put(
                "layernorm+affine",
                m ->
                        NormalisedAffine.builder()
                                .setUnits(m)
                                .setNormaliser(LayerNorm.builder().build())
                                .build());
        maps.put(
                "rmsnorm+affine",
                m ->
                        NormalisedAffine.builder()
                                .setUnits(m)
                                .setNormaliser(RmsNorm.builder().build())
                                .build());
        return maps;
    }
}
