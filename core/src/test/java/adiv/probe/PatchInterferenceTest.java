package adiv.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.AbstractConv;
import adiv.maps.Convolution;
import adiv.maps.L2Norm;
import adiv.maps.PatchNorm;
import adiv.maps.Unfold;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The split of a convolution's one-step update into its own, cross-patch and cross-sample terms
 * (MATH.md §5) against the patch kernel K_{(s,p),(t,q)} = a_sp a_tq P_sp·P_tq + c_sp c_tq written
 * out from unfolded patches, and the total against a real SGD step.
 */
class PatchInterferenceTest {

    private static final int B = 3;
    private static final int C = 2;
    private static final int H = 6;
    private static final int W = 5;
    private static final int F = 3;
    private static final float ETA = 1e-3f;

    private static AbstractConv conv(String kind, int k, int stride, int pad, int dil) {
        Shape ks = new Shape(k, k);
        Shape st = new Shape(stride, stride);
        Shape pd = new Shape(pad, pad);
        Shape dl = new Shape(dil, dil);
        if (kind.equals("conv")) {
            return Convolution.builder().setFilters(F).setKernelShape(ks).optStride(st).optPadding(pd).optDilation(dl).build();
        }
        PatchNorm.Mode mode = kind.equals("affine-like") ? PatchNorm.Mode.AFFINE_LIKE : PatchNorm.Mode.NORM_LIKE;
        return PatchNorm.builder().setFilters(F).setKernelShape(ks).optStride(st).optPadding(pd).optDilation(dl)
                .optMode(mode).build();
    }

    /** a and c of a patch with squared norm q, as MATH.md §5 states them for each form. */
    private static double[] scales(String kind, double q) {
        double eps = (float) L2Norm.DEFAULT_EPSILON;
        switch (kind) {
            case "affine-like":
                return new double[] {1 / Math.sqrt(q + 1), 1 / Math.sqrt(q + 1)};
            case "norm-like":
                return new double[] {1 / Math.sqrt(q + eps * eps), 1};
            default:
                return new double[] {1, 1};
        }
    }

    @ParameterizedTest(name = "{0} k={1} stride={2} pad={3} dil={4}")
    @CsvSource({
        "conv, 3, 1, 1, 1", "conv, 3, 2, 1, 1", "conv, 2, 1, 1, 2",
        "affine-like, 3, 1, 1, 1", "affine-like, 3, 2, 0, 1", "affine-like, 2, 1, 1, 2",
        "norm-like, 3, 1, 1, 1", "norm-like, 3, 2, 0, 1", "norm-like, 2, 1, 1, 2"
    })
    void theTermsAreThoseOfTheWrittenOutPatchKernel(String kind, int k, int stride, int pad, int dil) {
        Random random = new Random(11);
        double[] x = new double[B * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        int oh = Unfold.outSize(H, k, stride, pad, dil);
        int ow = Unfold.outSize(W, k, stride, pad, dil);
        int per = oh * ow;
        double[] g = new double[B * F * per];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
        }
        double[][] p = Unfold.patches(x, B, C, H, W, k, stride, pad, dil);
        int pairs = p.length;
        double[][] ac = new double[pairs][];
        for (int i = 0; i < pairs; i++) {
            ac[i] = scales(kind, LayerStatistics.dot(p[i], p[i]));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            AbstractConv conv = conv(kind, k, stride, pad, dil);
            NDArray input = manager.create(x, new Shape(B, C, H, W));
            conv.initialize(manager, DataType.FLOAT64, input.getShape());
            PatchInterference.Terms t = PatchInterference.of(conv, input, manager.create(g, new Shape(B, F, oh, ow)), ETA);
            double[] self = t.self().toDoubleArray();
            double[] within = t.within().toDoubleArray();
            double[] total = t.total().toDoubleArray();
            double crossPatch = 0;
            double crossSample = 0;
            for (int sp = 0; sp < pairs; sp++) {
                int s = sp / per;
                for (int f = 0; f < F; f++) {
                    double[] expected = new double[3]; // self, within, total
                    for (int tq = 0; tq < pairs; tq++) {
                        double kv = ac[sp][0] * ac[tq][0] * LayerStatistics.dot(p[sp], p[tq]) + ac[sp][1] * ac[tq][1];
                        double term = -ETA * kv * g[(tq / per * F + f) * per + tq % per];
                        expected[2] += term;
                        if (tq / per == s) {
                            expected[1] += term;
                        }
                        if (tq == sp) {
                            expected[0] += term;
                        }
                    }
                    int at = (s * F + f) * per + sp % per;
                    double scale = ETA * 1e-10;
                    assertEquals(expected[0], self[at], scale + 1e-10 * Math.abs(expected[0]), "self at " + sp);
                    assertEquals(expected[1], within[at], scale + 1e-10 * Math.abs(expected[1]), "within at " + sp);
                    assertEquals(expected[2], total[at], scale + 1e-10 * Math.abs(expected[2]), "total at " + sp);
                    crossPatch += Math.abs(expected[1] - expected[0]);
                    crossSample += Math.abs(expected[2] - expected[1]);
                }
            }
            assertTrue(crossPatch > 1e-6 && crossSample > 1e-6, "both kinds of interference are present");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"conv", "affine-like", "norm-like"})
    void aPlainStepMovesTheOutputByTheTotal(String kind) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(12);
            AbstractConv conv = conv(kind, 3, 1, 1, 1);
            NDArray x = manager.randomNormal(new Shape(B, C, H, W), DataType.FLOAT64);
            conv.initialize(manager, DataType.FLOAT64, x.getShape());
            NDArray g = manager.randomNormal(new Shape(B, F, H, W), DataType.FLOAT64);
            PatchInterference.Terms t = PatchInterference.of(conv, x, g, ETA);
            double[] dz = new OneStep<>(conv, new ParameterStore(manager, false), ETA).step(x, g).toDoubleArray();
            double[] total = t.total().toDoubleArray();
            double worst = 0;
            double size = 0;
            for (int i = 0; i < dz.length; i++) {
                worst = Math.max(worst, Math.abs(dz[i] - total[i]));
                size = Math.max(size, Math.abs(total[i]));
            }
            assertTrue(worst <= 1e-9 * size, "actual step vs predicted total: " + worst + " of " + size);
        }
    }
}
