package adiv.bench;

import adiv.maps.AffineMap;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Forward + backward time of each affine-type map against the plain affine map, in float32.
 *
 * <p>One iteration is a training-mode forward pass on a (B, n) batch and the backward pass of L =
 * Σ r ⊙ z for a fixed random r. Each shape is timed twice: as a hidden layer, whose input requires
 * a gradient (so the backward pass also computes ∂L/∂x, and any dependence of the map on ‖x‖ has
 * to be differentiated), and as a network's first layer, whose input does not.
 *
 * <p>The maps are timed in interleaved rounds (the starting map rotates each round), each one right
 * after a run of the reference map, so that a slow spell of a shared machine falls on both sides of
 * a comparison. The time of a map is its median over rounds; its ratio to the reference is the
 * median over rounds of its time over the reference's time just before it.
 */
public final class MapsBenchmark {

    /**
     * A problem: batch B, inputs n, outputs m, and whether the input requires a gradient (a hidden
     * layer) or not (a first layer).
     */
    public record Point(int batch, int inputs, int outputs, boolean inputGradient) {
        @Override
        public String toString() {
            return "B=" + batch + " n=" + inputs + " m=" + outputs
                    + (inputGradient ? " hidden" : " first");
        }

        /** The shape as a hidden layer and as a first layer. */
        public static List<Point> bothLayers(int batch, int inputs, int outputs) {
            return List.of(
                    new Point(batch, inputs, outputs, true), new Point(batch, inputs, outputs, false));
        }
    }

    /** The time of one map at one point. */
    public record Result(
            String map,
            int batch,
            int inputs,
            int outputs,
            boolean inputGradient,
            double millis,
            double vsAffine) {}

    /** The two shapes of the foundation issue, each as a hidden and as a first layer. */
    public static final List<Point> DEFAULT_POINTS =
            java.util.stream.Stream.concat(
                            Point.bothLayers(128, 3072, 256).stream(),
                            Point.bothLayers(512, 1024, 1024).stream())
                    .toList();

    private final Map<String, IntFunction<AffineMap>> maps;
    private final String reference;
    private final int rounds;
    private final double secondsPerRound;

    /**
     * @param maps the maps to time, by name; must include the reference
     * @param reference the name of the map the others are compared with
     * @param rounds interleaved rounds (the median is taken over them)
     * @param secondsPerRound roughly how long each map runs per round
     */
    public MapsBenchmark(
            Map<String, IntFunction<AffineMap>> maps,
            String reference,
            int rounds,
            double secondsPerRound) {
        if (!maps.containsKey(reference)) {
            throw new IllegalArgumentException("the reference map " + reference + " is not timed");
        }
        this.maps = new LinkedHashMap<>(maps);
        this.reference = reference;
        this.rounds = rounds;
        this.secondsPerRound = secondsPerRound;
    }

    /**
     * Times every map at one point.
     *
     * @param point the problem size
     * @param onRound called after each round with (round done, rounds)
     * @return one result per map, in the order given
     */
    public List<Result> run(Point point, java.util.function.BiConsumer<Integer, Integer> onRound) {
        List<String> names = new ArrayList<>(maps.keySet());
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray x = manager.randomNormal(new Shape(point.batch(), point.inputs()));
            if (point.inputGradient()) {
                x.setRequiresGradient(true);
            }
            NDArray r = manager.randomNormal(new Shape(point.batch(), point.outputs()));
            List<Block> blocks = new ArrayList<>();
            for (String name : names) {
                AffineMap block = maps.get(name).apply(point.outputs());
                block.initialize(manager, DataType.FLOAT32, x.getShape());
                blocks.add(block);
            }
            PairedTiming.Times times =
                    PairedTiming.run(blocks, names.indexOf(reference), x, r, rounds, secondsPerRound, onRound);
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                results.add(
                        new Result(
                                names.get(i),
                                point.batch(),
                                point.inputs(),
                                point.outputs(),
                                point.inputGradient(),
                                times.seconds()[i] * 1e3,
                                times.ratios()[i]));
            }
            return results;
        }
    }
}
