package adiv.train;

import adiv.maps.AbstractNormaliser;
import adiv.maps.Activations;
import adiv.maps.Affine;
import adiv.maps.AffineMap;
import adiv.maps.Method;
import adiv.maps.Methods;
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
        int inputs = spec.inputs();
        for (int i = 0; i <= spec.depth(); i++) {
            boolean output = i == spec.depth();
            int units = output ? spec.classes() : spec.width();
            boolean corrected =
                    (i > 0 || spec.correctFirst()) && (!output || spec.correctOutput());
            int index = i + 1;
            net.add(corrected ? layer(spec, inputs, units, index, wrapper) : wrapper.wrap(index, plain(spec, units)));
            inputs = units;
            if (!output) {
                net.add(Activations.byName(spec.activation()));
            }
        }
        return net;
    }

    /**
     * One corrected layer: the map, with the normaliser (adiv's or a plug-in's, built for the
     * layer's input width) before it: inside the map for plain affine, so that the probe's kernel
     * includes it (MATH.md §8).
     */
    static Block layer(MlpSpec spec, int inputs, int units, int index, LayerWrapper wrapper) {
        AbstractNormaliser norm = Normalisers.byName(spec.norm(), inputs);
        String map = spec.map().trim().toLowerCase();
        Methods methods = Methods.catalogue();
        Method forms = methods.requireMap("map", map);
        if (norm != null && map.equals("affine")) {
            return wrapper.wrap(index, NormalisedAffine.builder().setUnits(units).setNormaliser(norm).optInit(spec.init()).build());
        }
        Block corrected = wrapper.wrap(index, methods.dense(forms, inputs, units, spec.init()));
        return norm == null ? corrected : new SequentialBlock().add(norm).add(corrected);
    }

    private static AffineMap plain(MlpSpec spec, int units) {
        return Affine.builder().setUnits(units).optInit(spec.init()).build();
    }
}
