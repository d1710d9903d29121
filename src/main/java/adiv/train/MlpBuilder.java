package adiv.train;

import adiv.maps.AbstractAffineMap;
import adiv.maps.AbstractNormaliser;
import adiv.maps.Activations;
import adiv.maps.Affine;
import adiv.maps.AffineMaps;
import adiv.maps.NormalisedAffine;
import adiv.maps.Normalisers;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/** Builds the network of an {@link MlpSpec} from the maps/ blocks. */
public final class MlpBuilder {

    private MlpBuilder() {}

    /**
     * The network: for each affine layer i = 0..depth, [normaliser] → map (or plain affine where the
     * correction does not apply), then the activation after every hidden layer.
     */
    public static SequentialBlock build(MlpSpec spec) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i <= spec.depth(); i++) {
            boolean output = i == spec.depth();
            int units = output ? spec.classes() : spec.width();
            boolean corrected =
                    (i > 0 || spec.correctFirst()) && (!output || spec.correctOutput());
            net.add(corrected ? layer(spec, units) : plain(spec, units));
            if (!output) {
                net.add(Activations.byName(spec.activation()));
            }
        }
        return net;
    }

    /** One corrected layer: the map, with the normaliser before it. */
    static Block layer(MlpSpec spec, int units) {
        AbstractNormaliser norm = Normalisers.byName(spec.norm());
        String map = spec.map().trim().toLowerCase();
        if (norm == null) {
            return withInit(AffineMaps.byName(map, units), spec);
        }
        if (map.equals("affine")) {
            return NormalisedAffine.builder()
                    .setUnits(units)
                    .setNormaliser(norm)
                    .optInit(spec.init())
                    .build();
        }
        return new SequentialBlock().add(norm).add(withInit(AffineMaps.byName(map, units), spec));
    }

    private static Block plain(MlpSpec spec, int units) {
        return Affine.builder().setUnits(units).optInit(spec.init()).build();
    }

    /** The catalogue builds maps with the default initialisation; this applies the spec's. */
    private static Block withInit(adiv.maps.AffineMap map, MlpSpec spec) {
        if (map instanceof AbstractAffineMap a) {
            a.setInit(spec.init());
        }
        return map;
    }
}
