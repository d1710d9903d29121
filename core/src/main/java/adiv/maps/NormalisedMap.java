package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * A normaliser before any affine-type map, z = f(N(x); W, b), as one block: the corrected layer of
 * a method with a normaliser, whatever its map (MATH.md §8–9; {@link NormalisedAffine} is the case
 * f = W x + b that the conventional networks use). The theory check steps it whole, so that what it
 * measures is the method as training builds it: a normaliser's own trained parameters (DyT's a, a
 * plug-in's scale) move with the map's.
 *
 * <p>With a parameterless normaliser z is linear in the map's parameters for fixed x, and one plain
 * step moves it with the map's kernel of the normalised inputs, K(N(x)) (MATH.md §4). With trained
 * parameters in the normaliser it is not, and {@link #kernel} refuses.
 */
public final class NormalisedMap extends MapBlock implements AffineMap {

    private final AbstractNormaliser normaliser;
    private final AffineMap map;

    /**
     * @param normaliser a new, unshared normaliser
     * @param map a new, unshared affine-type map
     */
    @SuppressWarnings("this-escape")
    public NormalisedMap(AbstractNormaliser normaliser, AffineMap map) {
        this.normaliser = addChildBlock("normaliser", normaliser);
        this.map = addChildBlock("map", map);
    }

    /** The normaliser. */
    public AbstractNormaliser getNormaliser() {
        return normaliser;
    }

    /** {@inheritDoc} */
    @Override
    public int getUnits() {
        return map.getUnits();
    }

    /** {@inheritDoc} */
    @Override
    protected void describe(Map<String, Object> fields) {
        fields.put("normaliser", normaliser);
        fields.put("map", map);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray forward(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray normalised = normaliser.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return map.forward(parameterStore, new NDList(normalised), training).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray trainingValue(NDArray x) {
        return map.trainingValue(normaliser.trainingValue(x));
    }

    /** {@inheritDoc} The map's kernel of N(x), for a parameterless normaliser. */
    @Override
    public NDArray kernel(NDArray x) {
        if (normaliser.hasTrainableParameters()) {
            throw new UnsupportedOperationException(normaliser.getClass().getSimpleName()
                    + " has trainable parameters: z is not linear in them, so one step has no input-only kernel");
        }
        return map.kernel(normaliser.trainingValue(x));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return map.getOutputShapes(normaliser.getOutputShapes(inputShapes));
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        normaliser.initialize(manager, dataType, inputShapes);
        map.initialize(manager, dataType, normaliser.getOutputShapes(inputShapes));
    }
}
