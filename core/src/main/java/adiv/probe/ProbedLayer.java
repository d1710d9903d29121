package adiv.probe;

import adiv.maps.AffineMap;
import ai.djl.ndarray.NDArray;

/**
 * An affine-type layer with a tap ({@link TapBlock}): after a probed step it measures the actual
 * Δz against −η g and the kernel's prediction (MATH.md §1–4). This is also the hook for a user's
 * own blocks: any {@link AffineMap} can be wrapped.
 */
public final class ProbedLayer extends TapBlock<AffineMap> {

    /** Taps {@code map}, the network's {@code index}-th layer (1 = first), named {@code mapName} in records. */
    public ProbedLayer(int index, String mapName, AffineMap map) {
        super("map", map, map::trainingValue, index, mapName);
    }

    /** {@inheritDoc} */
    @Override
    protected ProbeRecord measure(long step, double eta, NDArray input, NDArray before, NDArray gradient) {
        double[][] g = matrix(gradient);
        double[][] dz = matrix(layer.trainingValue(input).sub(before));
        double[][] k;
        try {
            k = matrix(layer.kernel(input));
        } catch (UnsupportedOperationException e) {
            k = null; // a trainable normaliser: no input-only kernel
        }
        double[] inputSq = input.square().sum(new int[] {1}).toDoubleArray();
        return LayerStatistics.of(step, index, mapName, dz, g, k, inputSq, eta);
    }
}
