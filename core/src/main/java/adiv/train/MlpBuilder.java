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
        return parts(spec, inputs, units).assemble(index, wrapper);
    }

    /** A corrected layer's parts, before they are put together ({@link Parts#assemble}). */
    static Parts parts(MlpSpec spec, int inputs, int units) {
        AbstractNormaliser norm = Normalisers.byName(spec.norm(), inputs);
        String map = spec.map().trim().toLowerCase();
        Methods methods = Methods.catalogue();
        Method forms = methods.requireMap("map", map);
        if (norm != null && map.equals("affine")) {
            return new Parts(null, NormalisedAffine.builder().setUnits(units).setNormaliser(norm).optInit(spec.init()).build());
        }
        return new Parts(norm, methods.dense(forms, inputs, units, spec.init()));
    }

    /**
     * A corrected layer's parts.
     *
     * @param before a normaliser that runs before the map as a block of its own, null when there is
     *     none or the map holds it (plain affine's {@link NormalisedAffine})
     * @param map the affine-type map
     */
    record Parts(AbstractNormaliser before, AffineMap map) {

        /** The layer as the network holds it: [normaliser →] the map, passed through the wrapper. */
        Block assemble(int index, LayerWrapper wrapper) {
            Block corrected = wrapper.wrap(index, map);
            return before == null ? corrected : new SequentialBlock().add(before).add(corrected);
        }

        /** The layer's output for x with its current parameters, without side effects (no running statistics move). */
        ai.djl.ndarray.NDArray value(ai.djl.ndarray.NDArray x) {
            return map.trainingValue(before == null ? x : before.trainingValue(x));
        }
    }

    /** A plain affine layer of the spec's initialisation (an uncorrected layer, a residual MLP's head). */
    static AffineMap plain(MlpSpec spec, int units) {
        return Affine.builder().setUnits(units).optInit(spec.init()).build();
    }
}
