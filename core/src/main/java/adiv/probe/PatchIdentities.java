package adiv.probe;

import adiv.maps.L2Norm;
import adiv.maps.PatchNorm;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-step identities for PatchNorm (MATH.md §5), measured on real SGD steps in float64.
 *
 * <p>"single": one patch position (a k×k input, no padding): Δz = −η g (affine-like) or −2η g
 * (norm-like). "batch": two images of 4×4 with 3×3 kernels and no padding (2×2 positions each), so
 * 8 (sample, position) pairs; the whole patch kernel K over those pairs is measured one column at a
 * time (a step whose upstream gradient is non-zero at one pair only) and compared entry by entry
 * with K_{(s,p),(t,q)} = (P_sp·P_tq + 1)/(√(‖P_sp‖²+1)√(‖P_tq‖²+1)) (affine-like) or P̂_sp·P̂_tq + 1
 * (norm-like), the patches P written out here.
 */
public final class PatchIdentities {

    private static final int C = 2;
    private static final int K = 3;
    private static final int F = 4;
    private static final float ETA = 1e-3f;

    private PatchIdentities() {}

    /** Both forms, single and batch. */
    public static List<IdentityRow> checkAll(long seed) {
        List<IdentityRow> rows = new ArrayList<>();
        for (PatchNorm.Mode mode : PatchNorm.Mode.values()) {
            String name = "patchnorm-" + mode.name().toLowerCase().replace('_', '-');
            rows.add(measure(name, mode, 1, K, seed));
            rows.add(measure(name, mode, 2, 4, seed));
        }
        return rows;
    }

    private static IdentityRow measure(String name, PatchNorm.Mode mode, int batch, int size, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            NDArray x = manager.randomNormal(new Shape(batch, C, size, size), DataType.FLOAT64).mul(1.5);
            PatchNorm block = PatchNorm.builder().setFilters(F).setKernelShape(new Shape(K, K)).optMode(mode).build();
            block.initialize(manager, DataType.FLOAT64, x.getShape());
            OneStep<PatchNorm> step = new OneStep<>(block, new ParameterStore(manager, false), ETA);
            int positions = size - K + 1;
            int pairs = batch * positions * positions;
            double[][] patches = patches(x.toDoubleArray(), batch, size, positions);
            double[][] kPred = kernel(patches, mode);
            NDArray gAll = manager.randomNormal(new Shape(batch, F, positions, positions), DataType.FLOAT64);
            double[] gv = gAll.toDoubleArray();
            KernelAgreement agreement = new KernelAgreement();
            for (int t = 0; t < pairs; t++) {
                NDArray g = gAll.zerosLike();
                int[] tq = unpair(t, positions);
                NDIndex at = new NDIndex("{}, :, {}, {}", tq[0], tq[1], tq[2]);
                g.set(at, gAll.get(at));
                double[] dz = step.step(x, g).toDoubleArray();
                double[] gt = vectorAt(gv, tq, positions);
                for (int s = 0; s < pairs; s++) {
                    double k = kPred[s][t];
                    agreement.entry(vectorAt(dz, unpair(s, positions), positions), gt, step.learningRate(), k,
                            Math.max(Math.abs(k), 1e-9), s == t);
                }
            }
            return agreement.row(name, batch == 1 ? "single" : "batch");
        }
    }

    /** (sample, row, column) of pair index i. */
    private static int[] unpair(int i, int positions) {
        int per = positions * positions;
        return new int[] {i / per, (i % per) / positions, i % positions};
    }

    /** The F output values of one (sample, position). */
    private static double[] vectorAt(double[] z, int[] sp, int positions) {
        double[] v = new double[F];
        for (int f = 0; f < F; f++) {
            v[f] = z[((sp[0] * F + f) * positions + sp[1]) * positions + sp[2]];
        }
        return v;
    }

    /** Every (sample, position)'s unfolded patch, written out. */
    private static double[][] patches(double[] x, int batch, int size, int positions) {
        double[][] p = new double[batch * positions * positions][C * K * K];
        for (int i = 0; i < p.length; i++) {
            int[] sp = unpair(i, positions);
            for (int c = 0; c < C; c++) {
                for (int a = 0; a < K; a++) {
                    for (int b = 0; b < K; b++) {
                        p[i][(c * K + a) * K + b] = x[((sp[0] * C + c) * size + sp[1] + a) * size + sp[2] + b];
                    }
                }
            }
        }
        return p;
    }

    /** The patch kernel of MATH.md §5 for both forms. */
    private static double[][] kernel(double[][] p, PatchNorm.Mode mode) {
        double eps = (float) L2Norm.DEFAULT_EPSILON;
        int n = p.length;
        double[][] k = new double[n][n];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < n; t++) {
                double dot = LayerStatistics.dot(p[s], p[t]);
                double qs = LayerStatistics.dot(p[s], p[s]);
                double qt = LayerStatistics.dot(p[t], p[t]);
                k[s][t] = mode == PatchNorm.Mode.AFFINE_LIKE
                        ? (dot + 1) / Math.sqrt((qs + 1) * (qt + 1))
                        : dot / Math.sqrt((qs + eps * eps) * (qt + eps * eps)) + 1;
            }
        }
        return k;
    }
}
