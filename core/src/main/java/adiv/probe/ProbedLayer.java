package adiv.probe;

import adiv.maps.AffineMap;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An affine-type layer with a tap: when armed, its next training forward pass records the layer's
 * input x and output z (both recomputed in float64, without side effects) and adds a zero-valued
 * tap tensor to z, whose gradient after the backward pass is exactly g = ∂L/∂z. After the optimizer
 * step, {@link #collect} recomputes z with the new parameters on the same x and measures Δz.
 *
 * <p>The tap adds zeros, so the values and gradients of training are unchanged. This is also the
 * hook for a user's own blocks: any {@link AffineMap} can be wrapped.
 */
public final class ProbedLayer extends AbstractBlock implements Tapped {

    private final AffineMap map;
    private final int index;
    private final String mapName;
    private boolean armed;
    private NDArray input;
    private NDArray before;
    private NDArray tap;

    /**
     * @param index the layer's index in its network (1 = first), for records
     * @param mapName the map's name, for records
     * @param map the layer
     */
    @SuppressWarnings("this-escape")
    public ProbedLayer(int index, String mapName, AffineMap map) {
        this.index = index;
        this.mapName = mapName;
        this.map = addChildBlock("map", map);
    }

    /** The wrapped map. */
    public AffineMap map() {
        return map;
    }

    /** Records the next training forward pass. */
    @Override
    public void arm() {
        armed = true;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList out = map.forward(parameterStore, inputs, training, params);
        if (!armed || !training) {
            return out;
        }
        armed = false;
        NDArray x = inputs.singletonOrThrow();
        input = x.stopGradient().toType(DataType.FLOAT64, true);
        before = map.trainingValue(input);
        NDArray z = out.singletonOrThrow();
        tap = z.zerosLike();
        tap.setRequiresGradient(true);
        return new NDList(z.add(tap));
    }

    /**
     * Measures the step that was just taken and forgets the batch.
     *
     * @param step the training step
     * @param eta the optimizer's step size η
     * @return the record, or null when this layer was not tapped in this step
     */
    @Override
    public ProbeRecord collect(long step, double eta) {
        if (tap == null) {
            return null;
        }
        try {
            double[][] g = matrix(tap.getGradient());
            double[][] dz = matrix(map.trainingValue(input).sub(before));
            double[][] k;
            try {
                k = matrix(map.kernel(input));
            } catch (UnsupportedOperationException e) {
                k = null; // a trainable normaliser: no input-only kernel
            }
            double[] inputSq = input.square().sum(new int[] {1}).toDoubleArray();
            return LayerStatistics.of(step, index, mapName, dz, g, k, inputSq, eta);
        } finally {
            input = null;
            before = null;
            tap = null;
        }
    }

    private static double[][] matrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) (a.getShape().size() / rows);
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return map.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        map.initialize(manager, dataType, inputShapes);
    }
}
