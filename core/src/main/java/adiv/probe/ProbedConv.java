package adiv.probe;

import adiv.maps.AbstractConv;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A convolution with a tap ({@link TapBlock}), as {@link ProbedLayer} is for affine layers: after a
 * probed step it measures the actual Δz and splits the plain-SGD prediction into the position's own
 * term, the other positions of the same sample and the other samples ({@link PatchInterference}).
 *
 * <p>Per-sample quantities are taken over the sample's whole output, because most single
 * positions carry no gradient at all (2×2 max pooling passes it to one position in four).
 */
public final class ProbedConv extends TapBlock<AbstractConv> {

    private static final int[] SAMPLE_AXES = {1, 2, 3};

    /** Taps {@code conv}, the network's {@code index}-th layer (1 = first), named {@code mapName} in records. */
    public ProbedConv(int index, String mapName, AbstractConv conv) {
        super("conv", conv, conv::trainingValue, index, mapName);
    }

    /** {@inheritDoc} */
    @Override
    protected ProbeRecord measure(long step, double eta, NDArray input, NDArray before, NDArray gradient) {
        NDArray g = gradient.toType(DataType.FLOAT64, true);
        NDArray dz = layer.trainingValue(input).sub(before);
        PatchInterference.Terms t = PatchInterference.of(layer, input, g, eta);
        NDArray patchSq = layer.patchSquaredNorms(input);
        double[] gg = perSample(g.square());
        double[] dzg = perSample(dz.mul(g).neg());
        double[] dzdz = perSample(dz.square());
        double[] selfg = perSample(t.self().mul(g).neg());
        double[] selfNorm = norms(t.self());
        double[] actual = norms(dz.sub(t.self()));
        double[] kernel = norms(t.total().sub(t.self()));
        double[] patch = norms(t.within().sub(t.self()));
        double[] sample = norms(t.total().sub(t.within()));
        double[] weighted = perSample(patchSq.add(1).mul(g.square()));
        int b = gg.length;
        LayerStatistics.Samples per = new LayerStatistics.Samples(b, true, true);
        for (int s = 0; s < b; s++) {
            per.ratio[s] = dzg[s] / (eta * gg[s]);
            per.gradientSq[s] = gg[s];
            per.cosine[s] = dzg[s] / Math.sqrt(dzdz[s] * gg[s]);
            per.norm[s] = weighted[s] / gg[s];
            per.predicted[s] = selfg[s] / (eta * gg[s]);
            per.actual[s] = actual[s] / selfNorm[s];
            per.kernel[s] = kernel[s] / selfNorm[s];
            per.crossPatch[s] = patch[s] / selfNorm[s];
            per.crossSample[s] = sample[s] / selfNorm[s];
        }
        return per.record(step, index, mapName);
    }

    private static double[] perSample(NDArray a) {
        return a.sum(SAMPLE_AXES).toDoubleArray();
    }

    private static double[] norms(NDArray a) {
        return a.square().sum(SAMPLE_AXES).sqrt().toDoubleArray();
    }
}
