package adiv.maps;

import java.util.ArrayList;
import java.util.List;

/**
 * adiv's own methods, registered through {@link MethodProvider} like a plug-in's: the plain map
 * ("affine"), each normaliser before a plain affine map (MATH.md §8), each correction on its own
 * (MATH.md §1–3), the norm-like forms at half the learning rate (their step is doubled, §2), and for
 * CNNs PatchNorm in place of the convolution (§5). In a CNN "affine" is the plain convolution and
 * the normalisers batchnorm, layernorm and rmsnorm follow it.
 */
public final class BuiltInMethods implements MethodProvider {

    /** The normalisers that make a method of their own, before a plain affine map. */
    private static final List<String> NORMALISERS = List.of("batchnorm", "layernorm", "rmsnorm", "l2", "dyt", "dyisru");

    /**
     * {@inheritDoc} The paper's normalisers, parameterless (MATH.md §8); after a convolution
     * batchnorm is BatchNorm2d (per channel), layernorm is over (C, H, W) and rmsnorm over the
     * channels at each position.
     */
    @Override
    public List<Normaliser> normalisers() {
        return List.of(
                Normaliser.builder("batchnorm").describe("BatchNorm: each feature standardised over the batch (MATH.md §8)")
                        .dense(n -> BatchNorm.builder().build()).conv(c -> BatchNorm.builder().build()).build(),
                Normaliser.builder("layernorm").describe("LayerNorm: each sample standardised over its features (MATH.md §8)")
                        .dense(n -> LayerNorm.builder().build()).conv(c -> LayerNorm.builder().build()).build(),
                Normaliser.builder("rmsnorm").describe("RMSNorm: each sample divided by its features' root mean square"
                                + " (MATH.md §8); in a CNN over the channels at each position")
                        .dense(n -> RmsNorm.builder().build()).conv(c -> RmsNorm.builder().optOverChannels(true).build()).build(),
                Normaliser.builder("l2").describe("L2: each sample divided by its norm, x/|x| (MATH.md §8)")
                        .dense(n -> L2Norm.builder().build()).build(),
                Normaliser.builder("dyt").describe("DyT: tanh(a x), a learnable scalar a (MATH.md §8)")
                        .dense(n -> DyT.builder().build()).build(),
                Normaliser.builder("dyisru").describe("DyISRU: sqrt(n) x_i/sqrt(beta + x_i^2), beta > 0 learnable (MATH.md §8)")
                        .dense(n -> DyIsru.builder().build()).build());
    }

    /** {@inheritDoc} */
    @Override
    public List<Method> methods() {
        List<Method> m = new ArrayList<>();
        m.add(Method.builder("affine").describe("plain affine map z = W x + b (MATH.md §1); in a CNN the plain convolution")
                .dense((n, units, init) -> Affine.builder().setUnits(units).optInit(init).build())
                .conv((filters, k, pad, init) -> Convolution.builder().setFilters(filters).setKernelShape(k)
                        .optPadding(pad).optInit(init).build())
                .build());
        for (String norm : NORMALISERS) {
            m.add(Method.builder(norm).map("affine").norm(norm)
                    .describe(norm + " before a plain affine map (MATH.md §8); in a CNN after the convolution")
                    .build());
        }
        m.add(Method.builder("l2-half").map("affine").norm("l2").lrScale(0.5)
                .describe("l2 before a plain affine map at half the learning rate: its step is doubled (MATH.md §2)").build());
        m.add(Method.builder("affine-like").describe("affine-like map z = (W x + b)/sqrt(|x|^2+1) (MATH.md §3)")
                .dense((n, units, init) -> AffineLike.builder().setUnits(units).optInit(init).build()).build());
        m.add(Method.builder("norm-like").describe("norm-like map z = W x/|x| + b (MATH.md §2)")
                .dense((n, units, init) -> NormLike.builder().setUnits(units).optInit(init).build()).build());
        m.add(Method.builder("structural").describe("structural family z = sqrt(rho) W x/|x| + sqrt(1-rho) b, rho = 1/2"
                        + " (MATH.md §2); structural:RHO in a spec's methods: for another rho")
                .dense((n, units, init) -> Structural.builder().setUnits(units).optInit(init).build()).build());
        m.add(Method.builder("gradient-only-proportional").describe("plain affine forward, gradient rescaled per sample"
                        + " (MATH.md §3, proportional)")
                .dense((n, units, init) -> GradientOnlyAffine.builder().setUnits(units)
                        .optMode(GradientOnlyAffine.Mode.PROPORTIONAL).optInit(init).build()).build());
        m.add(Method.builder("gradient-only-disproportional").describe("plain affine forward, weight and bias gradients"
                        + " rescaled apart (MATH.md §3, disproportional)")
                .dense((n, units, init) -> GradientOnlyAffine.builder().setUnits(units)
                        .optMode(GradientOnlyAffine.Mode.DISPROPORTIONAL).optInit(init).build()).build());
        m.add(Method.builder("norm-like-half").map("norm-like").lrScale(0.5)
                .describe("norm-like at half the learning rate: its step is doubled (MATH.md §2)").build());
        m.add(Method.builder("patchnorm-affine-like").describe("PatchNorm, the affine-like correction per patch of a"
                        + " convolution (MATH.md §5)")
                .conv((filters, k, pad, init) -> PatchNorm.builder().setFilters(filters).setKernelShape(k)
                        .optPadding(pad).optMode(PatchNorm.Mode.AFFINE_LIKE).optInit(init).build()).build());
        m.add(Method.builder("patchnorm-norm-like").describe("PatchNorm, the norm-like correction per patch of a"
                        + " convolution (MATH.md §5)")
                .conv((filters, k, pad, init) -> PatchNorm.builder().setFilters(filters).setKernelShape(k)
                        .optPadding(pad).optMode(PatchNorm.Mode.NORM_LIKE).optInit(init).build()).build());
        m.add(Method.builder("patchnorm-norm-like-half").map("patchnorm-norm-like").lrScale(0.5)
                .describe("PatchNorm norm-like at half the learning rate (MATH.md §5)").build());
        return m;
    }
}
