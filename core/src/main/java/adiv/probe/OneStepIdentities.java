package adiv.probe;

import adiv.maps.AffineMap;
import adiv.maps.AffineMaps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Measures the one-step identities of MATH.md §1–4 on real parameter updates.
 *
 * <p>Single sample: one step with a random upstream gradient g; the measured Δz is compared with
 * −η K_ss g. Batch: the whole kernel K is measured, one column at a time: a step whose upstream
 * gradient is non-zero only for sample t moves every sample s by −η K_st g_t, so B steps give all
 * B² entries. Because every map is linear in its parameters for fixed inputs, K does not depend on
 * the parameters, and the steps can follow one another. The error of an entry is ‖Δz_s − (−η K_st
 * g_t)‖ / (η |K_st| ‖g_t‖): it catches a wrong direction as well as a wrong size.
 *
 * <p>Inputs are standard normal rows, each scaled by a random factor in [0.5, 2] so that ‖x_s‖²
 * differs clearly between samples. Runs in float64 by default so that the check measures the
 * mathematics, not rounding.
 */
public final class OneStepIdentities {

    /** The settings of a check. */
    public record Settings(
            int inputs, int outputs, int batch, float learningRate, long seed, DataType dataType) {

        /** n = 64, m = 16, B = 8, η = 1e-3, seed 1, float64. */
        public static Settings defaults() {
            return new Settings(64, 16, 8, 1e-3f, 1, DataType.FLOAT64);
        }
    }

    private OneStepIdentities() {}

    /** Checks every map of {@link AffineMaps#all()}, single then batch. */
    public static List<IdentityRow> checkAll(Settings settings) {
        List<IdentityRow> rows = new ArrayList<>();
        for (Map.Entry<String, IntFunction<AffineMap>> e : AffineMaps.all().entrySet()) {
            rows.add(single(e.getKey(), e.getValue(), settings));
            rows.add(batch(e.getKey(), e.getValue(), settings));
        }
        return rows;
    }

    /**
     * A map's identities, single then batch; for a map that states no kernel ({@code kernel}
     * false) only what one step measures: its ratio Δz/(−ηg) for one sample, and K_ss of each
     * sample of a batch (from a step whose gradient is that sample's alone), whose spread is the
     * divergence's sample dependence.
     */
    public static List<IdentityRow> check(String name, IntFunction<AffineMap> factory, boolean kernel, Settings settings) {
        List<IdentityRow> rows = new ArrayList<>();
        if (!batchStatistics(factory, settings)) {
            rows.add(kernel ? single(name, factory, settings) : measured(name, factory, 1, settings));
        }
        rows.add(kernel ? batch(name, factory, settings) : measured(name, factory, settings.batch(), settings));
        return rows;
    }

    /** Whether the map normalises with batch statistics (BatchNorm): one sample has none, so only a batch is checked. */
    private static boolean batchStatistics(IntFunction<AffineMap> factory, Settings s) {
        AffineMap map = factory.apply(s.outputs());
        return map instanceof adiv.maps.NormalisedAffine n && n.getNormaliser() instanceof adiv.maps.BatchNorm
                || map instanceof adiv.maps.NormalisedMap m && m.getNormaliser() instanceof adiv.maps.BatchNorm;
    }

    /** K_ss measured for each sample of a batch of b, nothing predicted. */
    static IdentityRow measured(String name, IntFunction<AffineMap> factory, int b, Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            NDArray x = inputs(manager, b, s);
            NDArray gAll = manager.randomNormal(new Shape(b, s.outputs()), s.dataType());
            OneStep<AffineMap> step = newStep(manager, factory, x, s);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < b; t++) {
                NDArray g = gAll.zerosLike();
                g.set(new NDIndex(t), gAll.get(t));
                NDArray dz = step.step(x, g);
                double r = ratio(toDoubles(dz.get(t)), toDoubles(gAll.get(t)), step.learningRate());
                sum += r;
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
            return new IdentityRow(name, b == 1 ? "single" : "batch", Double.NaN, sum / b, Double.NaN, min, max);
        }
    }

    /** The single-sample identity Δz = −η K_ss g (MATH.md §1–3). */
    public static IdentityRow single(String name, IntFunction<AffineMap> factory, Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            NDArray x = inputs(manager, 1, s);
            NDArray g = manager.randomNormal(new Shape(1, s.outputs()), s.dataType());
            OneStep<AffineMap> step = newStep(manager, factory, x, s);
            double k = toDoubles(step.map().kernel(x))[0];
            double[] dz = toDoubles(step.step(x, g));
            double[] gv = toDoubles(g);
            double eta = step.learningRate();
            double measured = ratio(dz, gv, eta);
            return new IdentityRow(
                    name, "single", k, measured, entryError(dz, gv, eta, k, Math.abs(k)),
                    measured, measured);
        }
    }

    /** The batch identity Δz_s = −η Σ_t K_st g_t, entry by entry (MATH.md §4). */
    public static IdentityRow batch(String name, IntFunction<AffineMap> factory, Settings s) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) s.seed());
            int b = s.batch();
            NDArray x = inputs(manager, b, s);
            NDArray gAll = manager.randomNormal(new Shape(b, s.outputs()), s.dataType());
            OneStep<AffineMap> step = newStep(manager, factory, x, s);
            double[] kPred = toDoubles(step.map().kernel(x));
            double kMax = 0;
            for (double v : kPred) {
                kMax = Math.max(kMax, Math.abs(v));
            }
            double eta = step.learningRate();
            KernelAgreement agreement = new KernelAgreement();
            for (int t = 0; t < b; t++) {
                NDArray g = gAll.zerosLike();
                g.set(new NDIndex(t), gAll.get(t));
                double[] gt = toDoubles(gAll.get(t));
                NDArray dz = step.step(x, g);
                for (int sIdx = 0; sIdx < b; sIdx++) {
                    double k = kPred[sIdx * b + t];
                    agreement.entry(toDoubles(dz.get(sIdx)), gt, eta, k, Math.max(Math.abs(k), 1e-9 * kMax), sIdx == t);
                }
            }
            return agreement.row(name, "batch");
        }
    }

    /** B inputs of width n: standard normal rows, each scaled by a factor in [0.5, 2]. */
    static NDArray inputs(NDManager manager, int b, Settings s) {
        NDArray z = manager.randomNormal(new Shape(b, s.inputs()), s.dataType());
        NDArray scale = manager.randomUniform(0.5f, 2f, new Shape(b, 1), s.dataType());
        return z.mul(scale);
    }

    /** A freshly built and initialised map, ready to be stepped. */
    private static OneStep<AffineMap> newStep(
            NDManager manager, IntFunction<AffineMap> factory, NDArray x, Settings s) {
        AffineMap map = factory.apply(s.outputs());
        map.initialize(manager, s.dataType(), x.getShape());
        return new OneStep<>(map, new ParameterStore(manager, false), s.learningRate());
    }

    static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** The least-squares ratio of Δz to the ideal step −ηg: ⟨Δz, −ηg⟩/‖ηg‖². */
    static double ratio(double[] dz, double[] g, double eta) {
        double dot = 0;
        double gg = 0;
        for (int i = 0; i < g.length; i++) {
            dot += -dz[i] * eta * g[i];
            gg += eta * eta * g[i] * g[i];
        }
        return dot / gg;
    }

    /** ‖Δz − (−η k g)‖ / (η scale ‖g‖), with scale = |k| (floored by the caller). */
    static double entryError(double[] dz, double[] g, double eta, double k, double scale) {
        double err = 0;
        double gg = 0;
        for (int i = 0; i < g.length; i++) {
            double d = dz[i] + eta * k * g[i];
            err += d * d;
            gg += g[i] * g[i];
        }
        return Math.sqrt(err) / (eta * scale * Math.sqrt(gg));
    }
}
