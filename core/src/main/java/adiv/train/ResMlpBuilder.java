package adiv.train;

import adiv.maps.Activations;
import adiv.maps.Affine;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * The residual MLP of MATH.md §7 ({@code model: resmlp}), built from an {@link MlpSpec}: an input
 * layer (the method's layer, normaliser + map, inputs → width, where {@code correctFirst}; else plain
 * affine), the activation, then {@code depth} blocks z_{l+1} = z_l + φ(M_l(z_l)), each M_l the
 * method's layer of width → width and φ the activation, then a plain affine head (width → classes;
 * {@code correctOutput} does not apply: §7's head is plain). The identity path and the sum are DJL's
 * {@link ParallelBlock}; the maps are built exactly as {@link MlpBuilder}'s, through the same wrapper,
 * so the probe watches them the same way (layer index 1 the input layer, 2..depth+1 the blocks'
 * maps, depth+2 the head).
 */
public final class ResMlpBuilder {

    private ResMlpBuilder() {}

    /** The network of §7 for a spec. */
    public static SequentialBlock build(MlpSpec spec) {
        return build(spec, (index, map) -> map);
    }

    /** As {@link #build(MlpSpec)}, every affine-type map passed through a wrapper. */
    public static SequentialBlock build(MlpSpec spec, MlpBuilder.LayerWrapper wrapper) {
        SequentialBlock net = new SequentialBlock();
        net.add(spec.correctFirst() ? MlpBuilder.layer(spec, spec.inputs(), spec.width(), 1, wrapper)
                : wrapper.wrap(1, Affine.builder().setUnits(spec.width()).optInit(spec.init()).build()));
        net.add(Activations.byName(spec.activation()));
        for (int l = 0; l < spec.depth(); l++) {
            net.add(block(spec, l + 2, wrapper));
        }
        net.add(wrapper.wrap(spec.depth() + 2, Affine.builder().setUnits(spec.classes()).optInit(spec.init()).build()));
        return net;
    }

    /** One residual block: z + φ(M(z)), M the method's layer of width → width with the given index. */
    static Block block(MlpSpec spec, int index, MlpBuilder.LayerWrapper wrapper) {
        Block branch = new SequentialBlock()
                .add(MlpBuilder.layer(spec, spec.width(), spec.width(), index, wrapper))
                .add(Activations.byName(spec.activation()));
        return new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), branch));
    }
}
