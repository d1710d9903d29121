package adiv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Where a diverged run's first non-finite value appeared: at which step, in which layer, and
 * whether in the forward pass or in back-propagation.
 *
 * <p>It is found once, by {@link #locate}, on the step whose training loss was not finite, while
 * that step's batch is still at hand, and never on any other step: a healthy step already reads its
 * loss to add it up, and that one number is all it takes to know the step is healthy. Nothing else
 * is checked until the loss is not finite, so a run that does not diverge pays nothing for this.
 *
 * <p>Three kinds, decided in this order:
 *
 * <ul>
 *   <li>{@link #GRADIENT}: a trained parameter is not finite at step t. Only an optimizer step
 *       writes trained parameters, so step t−1's update put it there: that step's gradient (or the
 *       update it made) was not finite although its loss was. A non-finite value arising in
 *       back-propagation at layer k spreads to every layer before k, so the layer named is the last
 *       one, in forward order, holding a non-finite parameter; the value arose there, or in the
 *       input gradient of the block just after it (a layer's non-finite input gradient first shows
 *       in the parameters of the layers before it). The step named is t−1.
 *   <li>{@link #FORWARD}: every parameter is finite, so step t's forward pass made the value. It is
 *       replayed block by block on step t's batch, in training mode (into nested SequentialBlocks;
 *       any other block is one layer), and the first block whose output is not finite is named,
 *       with whether its input was (it is, unless the batch itself is not finite).
 *   <li>{@link #LOSS}: the replay found every layer's output finite; the loss itself was not (finite
 *       logits too far apart for it, or a replay that differs from the step's forward pass).
 * </ul>
 *
 * @param step the step at which the first non-finite value appeared, counted from the run's start
 *     (1 = the first step of epoch 1); for {@link #GRADIENT} the step before the one whose loss was
 *     not finite
 * @param epoch the epoch whose training loss stopped being finite (the run's last)
 * @param kind {@link #FORWARD}, {@link #GRADIENT}, {@link #LOSS}, or {@link #UNKNOWN} when the
 *     search itself failed
 * @param layer the layer's path of child names from the network, e.g. {@code
 *     05SequentialBlock/02AffineLike}; null for {@link #LOSS} and {@link #UNKNOWN}
 * @param description the layer's own description (adiv's maps show their configuration, e.g. {@code
 *     AffineLike(in=64, out=64)}); for {@link #UNKNOWN} why the search failed; else null
 * @param parameter for {@link #GRADIENT}, the non-finite parameter's name as the network lists it
 *     (e.g. {@code 05SequentialBlock_02AffineLike_weight}); else null
 * @param inputFinite for {@link #FORWARD}, whether the layer's input was finite; else false
 */
public record Divergence(
        long step, int epoch, String kind, String layer, String description, String parameter, boolean inputFinite) {

    /** The forward pass made the first non-finite value. */
    public static final String FORWARD = "forward";
    /** Back-propagation (or the update after it) made the first non-finite value. */
    public static final String GRADIENT = "gradient";
    /** Every layer's output was finite, the loss was not. */
    public static final String LOSS = "loss";
    /** The search failed; the description says why. */
    public static final String UNKNOWN = "unknown";

    /** The same, with the epoch whose loss stopped being finite. */
    public Divergence inEpoch(int diverged) {
        return new Divergence(step, diverged, kind, layer, description, parameter, inputFinite);
    }

    /**
     * In plain English, e.g. "Diverged in epoch 1 at step 37: the forward pass of layer
     * 05SequentialBlock/02AffineLike (AffineLike(in=64, out=64)) gave the first non-finite value
     * (its input was finite)."
     */
    public String message() {
        String at = "Diverged in epoch " + epoch + " at step " + step + ": ";
        return switch (kind) {
            case FORWARD -> at + "the forward pass of layer " + layer + " (" + description
                    + ") gave the first non-finite value (its input was "
                    + (inputFinite ? "finite)." : "not finite either: the batch itself was not).");
            case GRADIENT -> at + "the gradient (or the update made from it) became non-finite in"
                    + " back-propagation at layer " + layer + " (" + description + ") or the block just"
                    + " after it: step " + step + "'s update left its parameter " + parameter
                    + " not finite, and no parameter of a later layer (the loss of step " + (step + 1)
                    + " was the first not finite).";
            case LOSS -> at + "every layer's output was finite in a replay of the forward pass; the"
                    + " training loss itself was the first non-finite value.";
            default -> at + "the training loss stopped being finite; where the first non-finite value"
                    + " appeared was not found (" + description + ").";
        };
    }

    /**
     * Finds where step {@code step}'s non-finite loss came from (see the class comment); called on
     * that step only, before its scope closes. The epoch is left 0, for the caller to fill in.
     *
     * @param network the network, its parameters as step {@code step} found them (its update not made)
     * @param store the parameter store of the forward pass
     * @param x step {@code step}'s batch
     */
    static Divergence locate(Block network, ParameterStore store, NDArray x, long step) {
        try {
            List<Pair<String, Block>> layers = new ArrayList<>();
            layers(network, "", layers);
            for (int i = layers.size() - 1; i >= 0; i--) {
                Pair<String, Block> layer = layers.get(i);
                String prefix = layer.getKey().isEmpty() ? "" : layer.getKey().replace('/', '_') + "_";
                for (Pair<String, Parameter> p : layer.getValue().getParameters()) {
                    // Trained parameters only: running statistics are written by the forward pass
                    // (of step t itself, too), so a non-finite one would not point at step t-1.
                    if (p.getValue().requiresGradient() && !finite(p.getValue().getArray())) {
                        return new Divergence(step - 1, 0, GRADIENT, name(layer), describe(layer.getValue()),
                                prefix + p.getKey(), false);
                    }
                }
            }
            // The replay re-runs the training forward pass (a batch norm's running statistics move
            // once more): the run has ended, and what it computed is in the step's scope.
            NDList current = new NDList(x);
            for (Pair<String, Block> layer : layers) {
                NDList out = layer.getValue().forward(store, current, true);
                if (!finite(out)) {
                    return new Divergence(step, 0, FORWARD, name(layer), describe(layer.getValue()), null, finite(current));
                }
                current = out;
            }
            return new Divergence(step, 0, LOSS, null, null, null, false);
        } catch (RuntimeException e) {
            // The run's result matters more than this diagnosis: a search that fails says so.
            return new Divergence(step, 0, UNKNOWN, null, e.toString(), null, false);
        }
    }

    /** The network's layers in forward order: nested SequentialBlocks opened, any other block one layer. */
    private static void layers(Block block, String path, List<Pair<String, Block>> out) {
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                layers(child.getValue(), path.isEmpty() ? child.getKey() : path + "/" + child.getKey(), out);
            }
        } else {
            out.add(new Pair<>(path, block));
        }
    }

    /** A layer's path, or its class's name for a network that is one block. */
    private static String name(Pair<String, Block> layer) {
        return layer.getKey().isEmpty() ? layer.getValue().getClass().getSimpleName() : layer.getKey();
    }

    /**
     * A block's description on one line: its toString, or, where that spans lines (DJL's for a block
     * with children, such as the probe's tapped layers), its class's name around its children's.
     */
    static String describe(Block block) {
        String text = block.toString();
        if (!text.contains("\n")) {
            return text;
        }
        if (block.getChildren().isEmpty()) {
            return text.replaceAll("\\s*\\n\\s*", " ");
        }
        StringJoiner joined = new StringJoiner(", ", block.getClass().getSimpleName() + "(", ")");
        for (Pair<String, Block> child : block.getChildren()) {
            joined.add(describe(child.getValue()));
        }
        return joined.toString();
    }

    private static boolean finite(NDList arrays) {
        for (NDArray a : arrays) {
            if (!finite(a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(NDArray a) {
        if (!a.getDataType().isFloating()) {
            return true;
        }
        return !a.isNaN().logicalOr(a.isInfinite()).any().getBoolean();
    }
}
