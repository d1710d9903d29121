package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;

/**
 * The dynamic inverse square root unit (Stollenwerk 2025; MATH.md §8): element-wise,
 *
 * <pre>
 *     y_i = √n · x_i / √(β + x_i²)
 * </pre>
 *
 * <p>with n the number of features of a sample and β &gt; 0 one learnable scalar. It is RMSNorm
 * with the other features' Σ_{j≠i} x_j² replaced by β. β is kept positive by construction: β =
 * softplus(u) + {@value #BETA_FLOOR}, with u the trained parameter; the floor keeps β positive even
 * where softplus underflows in floating point. β starts by default at n − 1 (1 when n = 1): the
 * value of Σ_{j≠i} x_j² for an input of unit RMS, where DyISRU and RMSNorm agree.
 */
public class DyIsru extends AbstractNormaliser {

    /** The smallest β can be, whatever u becomes. */
    public static final double BETA_FLOOR = 1e-6;

    private final float initialBeta;
    private final Parameter u;
    private double initialU;

    @SuppressWarnings("this-escape")
    protected DyIsru(Builder builder) {
        super(builder);
        initialBeta = builder.initialBeta;
        // The initializer reads initialU when it runs, after prepare has chosen it from n.
        u = addScalar("u", (manager, shape, dataType) ->
                manager.create(initialU).reshape(shape).toType(dataType, false));
    }

    /** Creates a builder to build a {@code DyIsru}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The unconstrained parameter u, with β = softplus(u) + floor. */
    public Parameter getU() {
        return u;
    }

    /** The current β. */
    public double getBeta() {
        try (NDArray value = u.getArray().toType(DataType.FLOAT64, true)) {
            return softplus(value.toDoubleArray()[0]) + BETA_FLOOR;
        }
    }

    private static double softplus(double v) {
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    /** softplus⁻¹(y) = y + log(1 − e^{−y}), stable for large y. */
    private static double inverseSoftplus(double y) {
        return y + Math.log(-Math.expm1(-y));
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        super.prepare(inputShapes);
        double beta0 = Float.isNaN(initialBeta) ? defaultBeta(inputShapes[0]) : initialBeta;
        initialU = inverseSoftplus(beta0 - BETA_FLOOR);
    }

    /** The default initial β for an input shape: n − 1 (1 when n = 1), n a sample's size. */
    private static long defaultBeta(Shape inputShape) {
        return Math.max(inputShape.slice(1).size() - 1, 1);
    }

    /** {@inheritDoc} Then the initial β: the builder's, else n − 1, resolved once n is known. */
    @Override
    protected void describe(Map<String, Object> fields) {
        super.describe(fields);
        if (!Float.isNaN(initialBeta)) {
            fields.put("initialBeta", initialBeta);
        } else {
            fields.put("initialBeta", inputShapes == null ? "n-1" : defaultBeta(inputShapes[0]));
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
        NDArray uValue = parameterStore.getValue(u, x.getDevice(), training);
        NDArray beta = Axes.ownedBy(x, Activation.softPlus(uValue)).add(BETA_FLOOR);
        long n = x.getShape().slice(1).size();
        return Scalars.times(x, Math.sqrt(n)).div(x.square().add(beta).sqrt());
    }

    /** The Builder to construct a {@link DyIsru}. */
    public static final class Builder extends NormaliserBuilder<Builder> {

        float initialBeta = Float.NaN;

        Builder() {}

        /**
         * Sets the initial β (default n − 1, chosen from the input on initialisation).
         *
         * @param beta β &gt; {@value DyIsru#BETA_FLOOR}
         * @return this Builder
         */
        public Builder optInitialBeta(float beta) {
            if (!(beta > BETA_FLOOR) || Float.isInfinite(beta)) {
                throw new IllegalArgumentException(
                        "initial beta must be a finite number above " + BETA_FLOOR + ", got " + beta);
            }
            initialBeta = beta;
            return this;
        }

        /** Builds the {@link DyIsru} block. */
        public DyIsru build() {
            return new DyIsru(this);
        }
    }
}
