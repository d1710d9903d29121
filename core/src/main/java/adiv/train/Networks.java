package adiv.train;

import ai.djl.nn.Block;

/**
 * Builds a run's network: the one place {@code adiv train}, {@code adiv probe}, a sweep's runs and
 * {@code adiv bench train} get theirs from, so that one configuration means one network.
 */
public final class Networks {

    private Networks() {}

    /**
     * The network for data of a shape, as it trains.
     *
     * @param features the inputs of an MLP or a residual MLP (C·H·W)
     * @param image (channels, height, width) of a CNN's input
     * @param classes output classes
     */
    public static Block build(RunConfig run, int features, int[] image, int classes) {
        return build(run, features, image, classes, (i, map) -> map, (i, conv) -> conv);
    }

    /**
     * As {@link #build(RunConfig, int, int[], int)}, every affine-type layer and convolution passed
     * through wrappers (the divergence probe wraps them to watch them); a layer wrapper that is also a
     * {@link ResMlpBuilder.BlockWrapper} wraps a residual MLP's blocks too.
     */
    public static Block build(RunConfig run, int features, int[] image, int classes, MlpBuilder.LayerWrapper layers,
            CnnBuilder.ConvWrapper convs) {
        if (run.model() == RunConfig.Model.CNN) {
            return CnnBuilder.build(run.cnn(image, classes), convs, layers);
        }
        if (run.model() == RunConfig.Model.RESMLP) {
            ResMlpBuilder.BlockWrapper blocks = layers instanceof ResMlpBuilder.BlockWrapper b ? b : (i, block, value) -> block;
            return ResMlpBuilder.build(run.mlp(features, classes), layers, blocks);
        }
        return MlpBuilder.build(run.mlp(features, classes), layers);
    }
}
