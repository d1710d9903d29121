package adiv.train;

import adiv.maps.AbstractConv;
import adiv.maps.AbstractNormaliser;
import adiv.maps.Activations;
import adiv.maps.Affine;
import adiv.maps.Methods;
import adiv.maps.Normalisers;
import adiv.maps.Pooling;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

/** Builds the network of a {@link CnnSpec} from the maps/ blocks; it takes flattened images. */
public final class CnnBuilder {

    /** Wraps each convolution as it is built (the divergence probe wraps them to watch them). */
    public interface ConvWrapper {
        /**
         * @param index the convolution's index, 1 = first
         * @param conv the convolution
         * @return the block to put in its place
         */
        Block wrap(int index, AbstractConv conv);
    }

    private CnnBuilder() {}

    /** The network, as it trains. */
    public static SequentialBlock build(CnnSpec spec) {
        return build(spec, (i, conv) -> conv, (i, head) -> head);
    }

    /**
     * As {@link #build(CnnSpec)}, with every convolution and the affine head passed through wrappers
     * (the head's index is blocks + 1).
     */
    public static SequentialBlock build(CnnSpec spec, ConvWrapper convs, MlpBuilder.LayerWrapper head) {
        SequentialBlock net = new SequentialBlock();
        int c = spec.channels();
        int h = spec.height();
        int w = spec.width();
        net.add(LambdaBlock.singleton(x -> x.reshape(-1, c, h, w), "toImages"));
        for (int i = 0; i < spec.blocks(); i++) {
            net.add(convs.wrap(i + 1, conv(spec, spec.filters() << i)));
            AbstractNormaliser norm = Normalisers.afterConv(spec.norm(), spec.filters() << i);
            if (norm != null) {
                net.add(norm);
            }
            Block activation = Activations.byName(spec.activation());
            Block pool = Pooling.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
            // max(σ(a), σ(b)) = σ(max(a, b)) for a non-decreasing element-wise σ: pooling first
            // computes the same block with σ (and its derivative) on a quarter of the values.
            boolean poolFirst = Activations.commutesWithMaxPool(spec.activation());
            net.add(poolFirst ? pool : activation);
            net.add(poolFirst ? activation : pool);
        }
        net.add(Blocks.batchFlattenBlock());
        net.add(head.wrap(spec.blocks() + 1, Affine.builder().setUnits(spec.classes()).optInit(spec.init()).build()));
        return net;
    }

    private static AbstractConv conv(CnnSpec spec, int filters) {
        Methods methods = Methods.catalogue();
        return methods.conv(methods.requireMap("map", spec.conv()), filters, new Shape(3, 3), new Shape(1, 1), spec.init());
    }
}
