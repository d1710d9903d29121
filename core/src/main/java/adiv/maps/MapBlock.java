package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What every block of this package shares: one array in, one array out, and a {@link #toString}
 * that says how the block is configured.
 *
 * <p>DJL hands a block its inputs as a list, with extra named arguments; every block here takes
 * exactly one array and no extra argument, so the list is unpacked once, here, and a subclass
 * writes only {@link #forward(ParameterStore, NDArray, boolean)}.
 *
 * <p>{@link #toString} works like PyTorch's {@code extra_repr}: the class's simple name and the
 * fields that subclasses add in {@link #describe}, e.g. {@code NormLike(in=784, out=128,
 * eps=1e-6)}. The format is written here only.
 */
public abstract class MapBlock extends AbstractBlock {

    /**
     * The block's output for one input.
     *
     * @param parameterStore where this block's parameters are read
     * @param x the input
     * @param training whether this is a training pass
     * @return the output
     */
    protected abstract NDArray forward(ParameterStore parameterStore, NDArray x, boolean training);

    /**
     * The start of a parameter's definition: its name and type, for a block to add what else it
     * needs (a shape, an initializer, no gradient) before building it.
     *
     * @param name the parameter's name
     * @param type its type
     * @return DJL's parameter builder
     */
    protected static Parameter.Builder parameter(String name, Parameter.Type type) {
        return Parameter.builder().setName(name).setType(type);
    }

    /**
     * Adds a trained parameter with this name and type; its shape is set on initialisation (in
     * {@code prepare}) and its initializer by the block.
     *
     * @param name the parameter's name
     * @param type its type
     * @return the parameter
     */
    protected final Parameter addParameter(String name, Parameter.Type type) {
        return addParameter(parameter(name, type).build());
    }

    /** {@inheritDoc} */
    @Override
    protected final NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), training));
    }

    /**
     * Adds this block's configuration for {@link #toString}, as name → value in the order shown. A
     * subclass adds its own fields after its superclass's ({@code super.describe(fields)} first). A
     * size known only once the block is initialised (such as an affine map's n) is added once it is
     * known. Values are shown by {@link #format}.
     *
     * @param fields the fields so far
     */
    protected void describe(Map<String, Object> fields) {}

    /**
     * The block's class and configuration, e.g. {@code AffineLike(out=128)} before initialisation
     * and {@code AffineLike(in=784, out=128)} after it.
     *
     * @return SimpleName(name=value, ...)
     */
    @Override
    public final String toString() {
        Map<String, Object> fields = new LinkedHashMap<>();
        describe(fields);
        StringJoiner text = new StringJoiner(", ", getClass().getSimpleName() + "(", ")");
        fields.forEach((name, value) -> text.add(name + "=" + format(value)));
        return text.toString();
    }

    /**
     * A field's value as {@link #toString} shows it: a number in its shortest form (1e-6, 0.5, 7),
     * an enum constant in lower case with hyphens, as the maps' names spell it (AFFINE_LIKE →
     * affine-like), a shape as 3x3, anything else (a nested block included) by its own toString.
     */
    static String format(Object value) {
        if (value instanceof Float || value instanceof Double) {
            // Float's own toString, not Double's: 1e-6f is "1.0E-6", not "9.999999974752427E-7".
            String java = value.toString();
            int e = java.indexOf('E');
            String mantissa = e < 0 ? java : java.substring(0, e);
            mantissa = mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa;
            return e < 0 ? mantissa : mantissa + "e" + java.substring(e + 1);
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Shape) {
            return LongStream.of(((Shape) value).getShape())
                    .mapToObj(Long::toString)
                    .collect(Collectors.joining("x"));
        }
        return String.valueOf(value);
    }
}
