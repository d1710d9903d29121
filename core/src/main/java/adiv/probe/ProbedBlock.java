package adiv.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.function.UnaryOperator;

/**
 * A residual block z_{l+1} = z_l + φ(M_l(z_l)) with a tap ({@link TapBlock}): after a probed step it
 * measures how the block's output moved, Δz_{l+1} on the same input with the updated parameters,
 * against −η g with g = ∂L/∂z_{l+1} (MATH.md §7). Its records are named {@value #MAP}, carry the
 * block's map's layer index, and have no kernel: the step of a block's output is measured and
 * shown, not predicted (the identity path passes the gradient on, outside §4's single-layer picture).
 */
public final class ProbedBlock extends TapBlock<Block> {

    /** The map name of a block's records. */
    public static final String MAP = "block";

    private final UnaryOperator<NDArray> value;

    /**
     * @param index the index of the block's map (2 for the first block)
     * @param block the block
     * @param value its output for z with its current parameters, without side effects, in z's type
     */
    public ProbedBlock(int index, Block block, UnaryOperator<NDArray> value) {
        super("block", block, value, index, MAP);
        this.value = value;
    }

    /** {@inheritDoc} */
    @Override
    protected ProbeRecord measure(long step, double eta, NDArray input, NDArray before, NDArray gradient) {
        double[] inputSq = input.square().sum(new int[] {1}).toDoubleArray();
        return LayerStatistics.of(step, index, MAP, matrix(value.apply(input).sub(before)), matrix(gradient), null,
                inputSq, eta);
    }
}
