package adiv.maps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What every block of this package shares: one array in, one array out.
 *
 * <p>DJL hands a block its inputs as a list, with extra named arguments; every block here takes
 * exactly one array and no extra argument, so the list is unpacked once, here, and a subclass
 * writes only {@link #forward(ParameterStore, NDArray, boolean)}.
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
}
