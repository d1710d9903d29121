package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

/**
 * Every block says how it is configured, like PyTorch's extra_repr: its class, then name=value for
 * what it was built with (ε, ρ, the mode, ...), and the input size once initialisation knows it.
 */
class DescribeTest {

    /** The block's toString before initialisation, then after initialising it for this input. */
    private static void assertDescribed(String before, String after, Block block, Shape input) {
        assertEquals(before, block.toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, input);
            assertEquals(after, block.toString());
        }
    }

    @Test
    void affineMapsShowTheirSizesOnceKnown() {
        assertDescribed("AffineLike(out=128)", "AffineLike(in=784, out=128)",
                AffineLike.builder().setUnits(128).build(), new Shape(2, 784));
        assertDescribed("Affine(out=4)", "Affine(in=3, out=4)",
                Affine.builder().setUnits(4).optInit(Init.XAVIER_NORMAL).build(), new Shape(5, 3));
    }

    @Test
    void smoothedNormMapsShowEpsilonAndTheirOwnSettings() {
        assertDescribed("NormLike(out=8, eps=1e-6)", "NormLike(in=16, out=8, eps=1e-6)",
                NormLike.builder().setUnits(8).build(), new Shape(2, 16));
        assertEquals("NormLike(out=8, eps=1e-4)",
                NormLike.builder().setUnits(8).optEpsilon(1e-4f).build().toString());
        assertDescribed("Structural(out=8, eps=1e-6, rho=0.9)", "Structural(in=16, out=8, eps=1e-6, rho=0.9)",
                Structural.builder().setUnits(8).optRho(0.9f).build(), new Shape(2, 16));
        assertEquals("Structural(out=8, eps=0.001, rho=0.5)",
                Structural.builder().optEpsilon(1e-3f).setUnits(8).build().toString());
        assertEquals("GradientOnlyAffine(out=8, eps=1e-6, mode=proportional)",
                GradientOnlyAffine.builder().setUnits(8).build().toString());
        assertEquals("GradientOnlyAffine(out=8, eps=0.001, mode=disproportional)",
                GradientOnlyAffine.builder().setUnits(8).optEpsilon(1e-3f)
                        .optMode(GradientOnlyAffine.Mode.DISPROPORTIONAL).build().toString());
    }

    @Test
    void normalisersShowEpsilonMomentumAndTheSwitchesThatAreOn() {
        assertEquals("L2Norm(eps=1e-6)", L2Norm.builder().build().toString());
        assertEquals("L2Norm(eps=1e-5)", L2Norm.builder().optEpsilon(1e-5f).build().toString());
        assertEquals("L2Norm(scale=true, center=true, eps=1e-6)",
                L2Norm.builder().optScale(true).optCenter(true).build().toString());
        assertEquals("LayerNorm(center=true, eps=1e-5)", LayerNorm.builder().optCenter(true).build().toString());
        assertEquals("RmsNorm(eps=1e-6)", RmsNorm.builder().build().toString());
        assertEquals("RmsNorm(eps=1e-8, overChannels=true)",
                RmsNorm.builder().optEpsilon(1e-8f).optOverChannels(true).build().toString());
        assertDescribed("BatchNorm(eps=1e-5, momentum=0.1)", "BatchNorm(eps=1e-5, momentum=0.1)",
                BatchNorm.builder().build(), new Shape(4, 3));
        assertEquals("BatchNorm(scale=true, eps=2e-5, momentum=0.01)",
                BatchNorm.builder().optMomentum(0.01f).optEpsilon(2e-5f).optScale(true).build().toString());
        assertEquals("DyT(initialAlpha=0.5)", DyT.builder().build().toString());
        assertEquals("DyT(initialAlpha=2)", DyT.builder().optInitialAlpha(2f).build().toString());
        assertEquals("IsotropicTanh()", Activations.isotropicTanh().toString());
    }

    @Test
    void dyIsruResolvesItsDefaultBetaOnceItKnowsN() {
        assertDescribed("DyIsru(initialBeta=n-1)", "DyIsru(initialBeta=7)", DyIsru.builder().build(), new Shape(2, 8));
        assertDescribed("DyIsru(initialBeta=n-1)", "DyIsru(initialBeta=1)", DyIsru.builder().build(), new Shape(2, 1));
        assertDescribed("DyIsru(initialBeta=2.5)", "DyIsru(initialBeta=2.5)",
                DyIsru.builder().optInitialBeta(2.5f).build(), new Shape(2, 8));
    }

    @Test
    void normalisedAffineShowsTheNormaliserItWraps() {
        assertDescribed("NormalisedAffine(out=128, normaliser=LayerNorm(eps=1e-5))",
                "NormalisedAffine(in=784, out=128, normaliser=LayerNorm(eps=1e-5))",
                NormalisedAffine.builder().setUnits(128).setNormaliser(LayerNorm.builder().build()).build(),
                new Shape(2, 784));
        assertEquals("NormalisedAffine(out=3, normaliser=DyIsru(initialBeta=n-1))",
                NormalisedAffine.builder().setUnits(3).setNormaliser(DyIsru.builder().build()).build().toString());
    }

    @Test
    void convolutionsShowKernelChannelsAndWhatDiffersFromTheDefaults() {
        assertDescribed("Convolution(out=16, kernel=3x3)", "Convolution(in=3, out=16, kernel=3x3)",
                Convolution.builder().setFilters(16).setKernelShape(new Shape(3, 3)).build(), new Shape(2, 3, 8, 8));
        assertEquals("Convolution(out=4, kernel=2x3, dilation=2x1)",
                Convolution.builder().setFilters(4).setKernelShape(new Shape(2, 3)).optDilation(new Shape(2, 1))
                        .build().toString());
        assertDescribed("PatchNorm(out=16, kernel=3x3, mode=affine-like, eps=1e-6)",
                "PatchNorm(in=3, out=16, kernel=3x3, mode=affine-like, eps=1e-6)",
                PatchNorm.builder().setFilters(16).setKernelShape(new Shape(3, 3)).build(), new Shape(2, 3, 8, 8));
        assertEquals("PatchNorm(out=8, kernel=3x3, stride=2x2, padding=1x1, mode=norm-like, eps=1e-4)",
                PatchNorm.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2))
                        .optPadding(new Shape(1, 1)).optEpsilon(1e-4f).optMode(PatchNorm.Mode.NORM_LIKE)
                        .build().toString());
    }
}
