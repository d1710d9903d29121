package adiv.data;

import adiv.engine.TorchScript;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Rows of an array by index, as a training batch is taken: libtorch's {@code index_select} through a
 * TorchScript function ({@code rows.pt}). DJL's indexing with an array of rows goes the general
 * advanced-indexing way, which took 2–3× as long for a batch of 128 (BENCHMARKS.md, "Where an epoch
 * goes"); the rows copied are the same.
 */
public final class Rows {

    private static final TorchScript.Function INDEX_SELECT = TorchScript.function(Rows.class, "rows.pt");

    private Rows() {}

    /** all[rows[0]], all[rows[1]], …, as a new array kept by {@code scope}. */
    public static NDArray select(NDArray all, NDArray rows, NDManager scope) {
        return INDEX_SELECT.apply(scope, all, rows);
    }
}
