package adiv.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * A layer with a tap, what {@link ProbedLayer} and {@link ProbedConv} share: when armed, its next
 * training forward pass records the layer's input x and output z (both recomputed in float64,
 * without side effects) and adds a zero-valued tap tensor to z, whose gradient after the backward
 * pass is exactly g = ∂L/∂z. After the optimizer step, {@link #collect} hands x, the output before
 * the step and g to {@link #measure}, which recomputes z with the new parameters on the same x.
 *
 * <p>The tap adds zeros, so the values and gradients of training are unchanged.
 */
abstract class TapBlock<L extends Block> extends AbstractBlock implements Tapped {

    /** The layer's index in its network (1 = first), for records. */
    protected final int index;
    /** The name its records give its map. */
    protected final String mapName;
    /** The tapped layer. */
    protected final L layer;
    /** The layer's output for x with its current parameters, without side effects, in x's type. */
    private final UnaryOperator<NDArray> trainingValue;
    private boolean armed;
    private NDArray input;
    private NDArray before;
    private NDArray tap;

    /**
     * @param name the layer's name as this block's child
     * @param layer the layer
     * @param trainingValue the layer's output for x with its current parameters, without side
     *     effects, in x's type
     * @param index the layer's index in its network (1 = first), for records
     * @param mapName the name its records give its map
     */
    @SuppressWarnings("this-escape")
    TapBlock(String name, L layer, UnaryOperator<NDArray> trainingValue, int index, String mapName) {
        addChildBlock(name, layer);
        this.layer = layer;
        this.trainingValue = trainingValue;
        this.index = index;
        this.mapName = mapName;
    }


    /**
     * Measures one step.
     *
     * @param input the layer's input in float64
     * @param before its output before the step, float64
     * @param g the upstream gradient ∂L/∂z
     */
    protected abstract ProbeRecord measure(long step, double eta, NDArray input, NDArray before, NDArray g);

    /** {@inheritDoc} */
    @Override
    public void arm() {
        armed = true;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = layer.forward(parameterStore, inputs, training, params);
        if (!armed || !training) {
            return out;
        }
        armed = false;
        input = inputs.singletonOrThrow().stopGradient().toType(DataType.FLOAT64, true);
        before = trainingValue.apply(input);
        NDArray z = out.singletonOrThrow();
        tap = z.zerosLike();
        tap.setRequiresGradient(true);
        return new NDList(z.add(tap));
    }

    /** {@inheritDoc} */
    @Override
    public ProbeRecord collect(long step, double eta) {
        if (tap == null) {
            return null;
        }
        // Everything measure computes lives in a scope of its own, freed as soon as this layer's
        // record is made: at large batches (fig9's 1,024) the float64 intermediates of every layer
        // would otherwise stay until the step ends.
        NDArray gradient = tap.getGradient();
        try (NDManager scope = input.getManager().newSubManager()) {
            input.tempAttach(scope);
            before.tempAttach(scope);
            gradient.tempAttach(scope);
            return measure(step, eta, input, before, gradient);
        } finally {
            input = null;
            before = null;
            tap = null;
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return layer.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        layer.initialize(manager, dataType, inputShapes);
    }

    /** A (B, ...) array as B rows of doubles, each sample's values flattened. */
    protected static double[][] matrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) (a.getShape().size() / rows);
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }
}
