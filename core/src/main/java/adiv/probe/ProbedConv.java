package adiv.probe;

import adiv.maps.AbstractConv;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A convolution with a tap, as {@link ProbedLayer} is for affine layers: when armed, its next
 * training forward pass records the input and output in float64 and adds a zero-valued tap whose
 * gradient is exactly g = ∂L/∂z; after the optimizer step {@link #collect} measures the actual Δz
 * on the same input and splits the plain-SGD prediction into the position's own term, the other
 * positions of the same sample and the other samples ({@link PatchInterference}).
 *
 * <p>Per-sample quantities are taken over the sample's whole output, because most single
 * positions carry no gradient at all (2×2 max pooling passes it to one position in four).
 */
public final class ProbedConv extends AbstractBlock implements Tapped {

    private static final int[] SAMPLE_AXES = {1, 2, 3};

    private final AbstractConv conv;
    private final int index;
    private final String mapName;
    private boolean armed;
    private NDArray input;
    private NDArray before;
    private NDArray tap;

    /**
     * @param index the layer's index in its network (1 = first), for records
     * @param mapName the convolution's name, for records
     * @param conv the layer
     */
    @SuppressWarnings("this-escape")
    public ProbedConv(int index, String mapName, AbstractConv conv) {
        this.index = index;
        this.mapName = mapName;
        this.conv = addChildBlock("conv", conv);
    }

    /** The wrapped convolution. */
    public AbstractConv conv() {
        return conv;
    }

    /** Records the next training forward pass. */
    @Override
    public void arm() {
        armed = true;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = conv.forward(parameterStore, inputs, training, params);
        if (!armed || !training) {
            return out;
        }
        armed = false;
        input = inputs.singletonOrThrow().stopGradient().toType(DataType.FLOAT64, true);
        before = conv.trainingValue(input);
        NDArray z = out.singletonOrThrow();
        tap = z.zerosLike();
        tap.setRequiresGradient(true);
        return new NDList(z.add(tap));
    }

    /**
     * Measures the step that was just taken and forgets the batch.
     *
     * @return the record, or null when this layer was not tapped in this step
     */
    @Override
    public ProbeRecord collect(long step, double eta) {
        if (tap == null) {
            return null;
        }
        try {
            NDArray g = tap.getGradient().toType(DataType.FLOAT64, true);
            NDArray dz = conv.trainingValue(input).sub(before);
            PatchInterference.Terms t = PatchInterference.of(conv, input, g, eta);
            NDArray patchSq = conv.patchSquaredNorms(input);
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
                per.cosine[s] = dzg[s] / Math.sqrt(dzdz[s] * gg[s]);
                per.norm[s] = weighted[s] / gg[s];
                per.predicted[s] = selfg[s] / (eta * gg[s]);
                per.actual[s] = actual[s] / selfNorm[s];
                per.kernel[s] = kernel[s] / selfNorm[s];
                per.crossPatch[s] = patch[s] / selfNorm[s];
                per.crossSample[s] = sample[s] / selfNorm[s];
            }
            return per.record(step, index, mapName);
        } finally {
            input = null;
            before = null;
            tap = null;
        }
    }

    private static double[] perSample(NDArray a) {
        return a.sum(SAMPLE_AXES).toDoubleArray();
    }

    private static double[] norms(NDArray a) {
        return a.square().sum(SAMPLE_AXES).sqrt().toDoubleArray();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }
}
