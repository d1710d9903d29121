package adiv.maps;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every map, normaliser and activation: autograd gradients with respect to the input and to every
 * trainable parameter agree with central finite differences (float64).
 *
 * <p>The gradient-only maps are the exception by design (their parameter gradients are not the
 * derivative of their value); {@link GradientOnlyAffineTest} checks them against MATH.md §3.
 */
class GradientTest {

    private static final Shape BATCH = new Shape(5, 7);
    private static final double TOLERANCE = 1e-6;

    static Stream<Arguments> blocks() {
        return Stream.of(
                block("affine", () -> Affine.builder().setUnits(4).build()),
                block("affine xavier", () -> Affine.builder().setUnits(4).optInit(Init.XAVIER_NORMAL).build()),
                block("affine-like", () -> AffineLike.builder().setUnits(4).build()),
                block("norm-like", () -> NormLike.builder().setUnits(4).build()),
                block("structural 0.3", () -> Structural.builder().setUnits(4).optRho(0.3f).build()),
                block("layernorm γβ + affine", () -> NormalisedAffine.builder().setUnits(4)
                        .setNormaliser(LayerNorm.builder().optScale(true).optCenter(true).build()).build()),
                block("batchnorm + affine", () -> NormalisedAffine.builder().setUnits(4)
                        .setNormaliser(BatchNorm.builder().build()).build()),
                block("batchnorm", () -> BatchNorm.builder().build()),
                block("batchnorm γβ", () -> BatchNorm.builder().optScale(true).optCenter(true).build()),
                block("layernorm", () -> LayerNorm.builder().build()),
                block("layernorm γβ", () -> LayerNorm.builder().optScale(true).optCenter(true).build()),
                block("rmsnorm", () -> RmsNorm.builder().build()),
                block("rmsnorm γβ", () -> RmsNorm.builder().optScale(true).optCenter(true).build()),
                block("rmsnorm over channels", () -> RmsNorm.builder().optOverChannels(true).build()),
                block("l2", () -> L2Norm.builder().build()),
                block("l2 γβ", () -> L2Norm.builder().optScale(true).optCenter(true).build()),
                block("dyt", () -> DyT.builder().build()),
                block("dyt γβ", () -> DyT.builder().optScale(true).optCenter(true).build()),
                block("dyisru", () -> DyIsru.builder().build()),
                block("dyisru β=0.5 γβ", () -> DyIsru.builder().optInitialBeta(0.5f).optScale(true).optCenter(true).build()),
                block("tanh", Activations::tanh),
                block("leaky-relu", Activations::leakyRelu),
                block("leaky-relu 0.2", () -> Activations.leakyRelu(0.2f)),
                block("isotropic-tanh", Activations::isotropicTanh),
                block("identity", Activations::identity));
    }

    private static Arguments block(String name, Supplier<Block> factory) {
        return Arguments.of(name, factory);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void gradientsMatchFiniteDifferences(String name, Supplier<Block> factory) {
        GradCheck.check(factory.get(), BATCH, 11, TOLERANCE);
    }

    /**
     * The blocks that take image batches (B, C, H, W) as well: the normalisers and isotropic tanh.
     * Filtered here, so that every case generated checks something.
     */
    static Stream<Arguments> imageBlocks() {
        return blocks().filter(a -> {
            Object block = ((Supplier<?>) a.get()[1]).get();
            return block instanceof AbstractNormaliser || block instanceof IsotropicTanh;
        });
    }

    @ParameterizedTest(name = "{0} on (B, C, H, W)")
    @MethodSource("imageBlocks")
    void normalisersAlsoTakeImageBatches(String name, Supplier<Block> factory) {
        GradCheck.check(factory.get(), new Shape(3, 2, 3, 2), 12, TOLERANCE);
    }
}
