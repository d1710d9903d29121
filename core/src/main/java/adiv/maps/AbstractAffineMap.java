package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * What every affine-type map shares: a weight W (m×n) and a bias b (m), shaped from the input's last
 * axis on initialisation and drawn by an {@link Init} (both held by {@link WeightedBlock}).
 * Subclasses supply only their formula ({@link #apply}) and their kernel ({@link #kernel}).
 *
 * <p>Inputs may have any leading axes (…, n); the map acts on the last axis.
 */
public abstract class AbstractAffineMap extends WeightedBlock implements AffineMap {

    protected final int units;

    protected AbstractAffineMap(AffineMapBuilder<?> builder) {
        super(builder);
        if (builder.units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + builder.units);
        }
        units = builder.units;
    }

    /** {@inheritDoc} */
    @Override
    public int getUnits() {
        return units;
    }

    /** {@inheritDoc} Then m. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        fields.put("out", units);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(units)};
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() < 1) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " expects inputs of shape (…, n), got " + in);
        }
        long n = in.get(in.dimension() - 1);
        weight.setShape(new Shape(units, n));
        bias.setShape(new Shape(units));
    }

    /** The plain affine kernel x_s·x_t + 1 (MATH.md §4, first row), for inputs (B, n). */
    protected static NDArray plainKernel(NDArray x) {
        requireBatch(x);
        return x.matMul(x.transpose()).add(1);
    }

    /** Checks that kernel inputs are a (B, n) batch. */
    protected static void requireBatch(NDArray x) {
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "a kernel needs inputs of shape (B, n), got " + x.getShape());
        }
    }

    /** The Builder shared by all affine-type maps, in the style of DJL's own blocks. */
    public abstract static class AffineMapBuilder<T extends AffineMapBuilder<T>>
            extends WeightedBuilder<T> {

        int units;

        /**
         * Sets the number of outputs m.
         *
         * @param units m &gt; 0
         * @return this Builder
         */
        public T setUnits(long units) {
            this.units = Math.toIntExact(units);
            return self();
        }
    }
}
