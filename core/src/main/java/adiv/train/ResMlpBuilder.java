package adiv.train;

import adiv.maps.Activations;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The residual MLP of MATH.md §7 ({@code model: resmlp}), built from an {@link MlpSpec}: an input
 * layer (the method's layer, normaliser + map, inputs → width, where {@code correctFirst}; else plain
 * affine), the activation, then {@code depth} blocks z_{l+1} = z_l + φ(M_l(z_l)), each M_l the
 * method's layer of width → width and φ the activation, then a plain affine head (width → classes;
 * {@code correctOutput} does not apply: §7's head is plain). The identity path and the sum are DJL's
 * {@link ParallelBlock}; the maps are built exactly as {@link MlpBuilder}'s, through the same wrapper,
 * so the probe watches them the same way (layer index 1 the input layer, 2..depth+1 the blocks'
 * maps, depth+2 the head), and each whole block can be wrapped too ({@link BlockWrapper}: the probe
 * measures the step of z_{l+1} beside its map's).
 */
public final class ResMlpBuilder {

    private ResMlpBuilder() {}

    /** Wraps each residual block as it is built (the probe wraps them to measure the block output's step). */
    public interface BlockWrapper {
        /**
         * @param index the index of the block's map (2 for the first block)
         * @param block the block, z → z + φ(M(z))
         * @param value the block's output for z with its current parameters, without side effects
         *     (no running statistics move), in z's data type
         * @return the block to put in its place
         */
        Block wrap(int index, Block block, UnaryOperator<NDArray> value);
    }

    /** The network of §7 for a spec. */
    public static SequentialBlock build(MlpSpec spec) {
        return build(spec, (index, map) -> map, (index, block, value) -> block);
    }

    /** As {@link #build(MlpSpec)}, every affine-type map and every block passed through wrappers. */
    public static SequentialBlock build(MlpSpec spec, MlpBuilder.LayerWrapper layers, BlockWrapper blocks) {
        SequentialBlock net = new SequentialBlock();
        net.add(spec.correctFirst() ? MlpBuilder.layer(spec, spec.inputs(), spec.width(), 1, layers)
                : layers.wrap(1, MlpBuilder.plain(spec, spec.width())));
        net.add(Activations.byName(spec.activation()));
        for (int l = 0; l < spec.depth(); l++) {
            net.add(block(spec, l + 2, layers, blocks));
        }
        net.add(layers.wrap(spec.depth() + 2, MlpBuilder.plain(spec, spec.classes())));
        return net;
    }

    /** One residual block: z + φ(M(z)), M the method's layer of width → width with the given index. */
    static Block block(MlpSpec spec, int index, MlpBuilder.LayerWrapper layers, BlockWrapper blocks) {
        MlpBuilder.Parts parts = MlpBuilder.parts(spec, spec.width(), spec.width());
        Block activation = Activations.byName(spec.activation());
        Block branch = new SequentialBlock().add(parts.assemble(index, layers)).add(activation);
        Block block = new ParallelBlock(
                outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), branch));
        UnaryOperator<NDArray> value = z -> z.add(activation.forward(new ParameterStore(z.getManager(), false),
                new NDList(parts.value(z)), false).singletonOrThrow());
        return blocks.wrap(index, block, value);
    }
}
