package adiv.probe;

import adiv.maps.AbstractConv;
import adiv.maps.AffineMap;
import adiv.train.CnnBuilder;
import adiv.train.MlpBuilder;
import adiv.train.StepObserver;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The divergence probe: watches every affine-type layer of a network as it trains, and every
 * {@code every} steps (the first step included) measures on the current batch how the layers'
 * outputs actually moved against their steepest descent (MATH.md §1–4).
 *
 * <p>In a residual MLP it also wraps each block, and records the step of the block's output beside
 * its map's ({@link ProbedBlock}, records named {@value ProbedBlock#MAP}).
 *
 * <p>Use it as the network builder's {@link MlpBuilder.LayerWrapper} and the training loop's
 * {@link StepObserver}. η is the optimizer's step size: with SGD the actual update follows the
 * kernel exactly; with Adam the per-parameter scaling changes the update, and the records show the
 * actual Δz next to the SGD kernel's prediction.
 */
public final class Probe
        implements StepObserver, MlpBuilder.LayerWrapper, CnnBuilder.ConvWrapper, adiv.train.ResMlpBuilder.BlockWrapper {

    /** Records carry NaN where a layer had no gradient: written as strings, read back. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final int every;
    private final double eta;
    private final String mapName;
    private final List<Tapped> layers = new ArrayList<>();
    private final List<ProbeRecord> records = new ArrayList<>();
    private final Consumer<ProbeRecord> sink;
    private boolean armed;

    /**
     * @param every probe every this many steps (1 = every step)
     * @param eta the optimizer's step size
     * @param mapName the name recorded for corrected layers
     * @param sink receives each record as it is made (may be a no-op)
     */
    public Probe(int every, double eta, String mapName, Consumer<ProbeRecord> sink) {
        if (every <= 0) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        this.every = every;
        this.eta = eta;
        this.mapName = mapName;
        this.sink = sink;
    }

    /** {@inheritDoc} */
    @Override
    public Block wrap(int index, AffineMap map) {
        return watch(new ProbedLayer(index, map instanceof adiv.maps.Affine ? "affine" : mapName, map));
    }

    /** {@inheritDoc} */
    @Override
    public Block wrap(int index, AbstractConv conv) {
        return watch(new ProbedConv(index, conv instanceof adiv.maps.Convolution ? "conv" : mapName, conv));
    }

    /** {@inheritDoc} A residual block: its output's step is measured beside its map's (MATH.md §7). */
    @Override
    public Block wrap(int index, Block block, java.util.function.UnaryOperator<ai.djl.ndarray.NDArray> value) {
        return watch(new ProbedBlock(index, block, value));
    }

    /** Adds a tapped layer to those this probe collects from. */
    private TapBlock<?> watch(TapBlock<?> layer) {
        layers.add(layer);
        return layer;
    }

    /** {@inheritDoc} */
    @Override
    public void beforeStep(long step) {
        armed = (step - 1) % every == 0;
        if (armed) {
            layers.forEach(Tapped::arm);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void afterUpdate(long step) {
        if (!armed) {
            return;
        }
        armed = false;
        for (Tapped layer : layers) {
            ProbeRecord r = layer.collect(step, eta);
            if (r != null) {
                records.add(r);
                sink.accept(r);
            }
        }
    }

    /** {@inheritDoc} The records so far, as JSON. */
    @Override
    public byte[] saveState() {
        try {
            return JSON.writeValueAsBytes(records);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restoreState(byte[] state) {
        try {
            records.clear();
            records.addAll(JSON.readValue(state, new com.fasterxml.jackson.core.type.TypeReference<List<ProbeRecord>>() {}));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every record so far, in step then layer order. */
    public List<ProbeRecord> records() {
        return records;
    }
}
