package adiv.train;

import adiv.maps.AbstractAffineMap;
import adiv.maps.AbstractNormaliser;
import adiv.maps.Activations;
import adiv.maps.Affine;
import adiv.maps.AffineMap;
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
        return build(spec, (index, map) -> map);
    }

    /**
     * Wraps each affine-type layer as it is built (the divergence probe wraps them to watch them).
     */
    public interface LayerWrapper {
        /**
         * @param index the affine layer's index, 1 for the first
         * @param map the layer's affine-type map (with its normaliser, when it is a
         *     NormalisedAffine)
         * @return the block to put in its place
         */
        Block wrap(int index, AffineMap map);
    }

    /** As {@link #build(MlpSpec)}, with every affine-type map passed through a wrapper. */
    public static SequentialBlock build(MlpSpec spec, LayerWrapper wrapper) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i <= spec.depth(); i++) {
            boolean output = i == spec.depth();
            int units = output ? spec.classes() : spec.width();
            boolean corrected =
                    (i > 0 || spec.correctFirst()) && (!output || spec.correctOutput());
            int index = i + 1;
            net.add(corrected ? layer(spec, units, index, wrapper) : wrapper.wrap(index, plain(spec, units)));
            if (!output) {
                net.add(Activations.byName(spec.activation()));
            }
        }
        return net;
    }

    /** One corrected layer: the map, with the normaliser before it. */
    static Block layer(MlpSpec spec, int units, int index, LayerWrapper wrapper) {
        AbstractNormaliser norm = Normalisers.byName(spec.norm());
        String map = spec.map().trim().toLowerCase();
        if (norm == null) {
            return wrapper.wrap(index, withInit(AffineMaps.byName(map, units), spec));
        }
        if (map.equals("affine")) {
            return wrapper.wrap(
                    index,
                    NormalisedAffine.builder()
                            .setUnits(units)
                            .setNormaliser(norm)
                            .optInit(spec.init())
                            .build());
        }
        return new SequentialBlock()
                .add(norm)
                .add(wrapper.wrap(index, withInit(AffineMaps.byName(map, units), spec)));
    }

    private static AffineMap plain(MlpSpec spec, int units) {
        return Affine.builder().setUnits(units).optInit(spec.init()).build();
    }

    /** The catalogue builds maps with the default initialisation; this applies the spec's. */
    private static AffineMap withInit(AffineMap map, MlpSpec spec) {
        if (map instanceof AbstractAffineMap a) {
            a.setInit(spec.init());
        }
        return map;
    }
}
