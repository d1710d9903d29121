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

    /** The names {@link #byName} accepts. */
    public static final String NAMES =
            "affine, affine-like, norm-like, structural[:RHO], gradient-only-proportional,"
                    + " gradient-only-disproportional";

    /**
     * A new affine-type map by name: affine, affine-like, norm-like, structural (ρ = 0.5) or
     * structural:RHO, gradient-only-proportional, gradient-only-disproportional, or any name of
     * {@link #all()}.
     *
     * @param name the map's name
     * @param units the number of outputs
     * @return a new block
     */
    public static AffineMap byName(String name, int units) {
        String key = name.trim().toLowerCase();
        IntFunction<AffineMap> known = all().get(key);
        if (known != null) {
            return known.apply(units);
        }
        if (key.equals("structural")) {
            return Structural.builder().setUnits(units).build();
        }
        if (key.startsWith("structural:")) {
            float rho;
            try {
                rho = Float.parseFloat(key.substring("structural:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "bad map '" + name + "': structural:RHO needs a number RHO in (0, 1)");
            }
            return Structural.builder().setUnits(units).optRho(rho).build();
        }
        throw new IllegalArgumentException("unknown map '" + name + "': expected one of " + NAMES);
    }
}
