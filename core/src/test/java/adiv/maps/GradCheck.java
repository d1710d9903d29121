package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.FreedMemory;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Finite-difference gradient checks in float64: for L = Σ R ⊙ block(x) with a fixed random R, the
 * autograd gradient of L with respect to the input and to every trainable parameter is compared,
 * coordinate by coordinate, with the central difference (L(θ+h) − L(θ−h)) / 2h. Between the
 * forward and the backward pass, freed Java memory is overwritten ({@link FreedMemory}), so a
 * gradient that reads a dropped constant fails here instead of now and then in a training.
 */
public final class GradCheck {

    static final double STEP = 1e-6;

    private GradCheck() {}

    /** The gradients of L = Σ R ⊙ block(x): "input" and every trainable parameter by name. */
    static Map<String, double[]> autograd(Block block, ParameterStore store, NDArray x, NDArray r) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
            // Freed Java memory overwritten between the passes: a graph that still reads any
            // (a constant DJL wrapped in a Java buffer) gets a visibly wrong gradient.
            FreedMemory.thenBackward(collector, out.mul(r).sum());
        }
        Map<String, double[]> grads = new LinkedHashMap<>();
        grads.put("input", x.getGradient().toDoubleArray());
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                grads.put(p.getKey(), p.getValue().getArray().getGradient().toDoubleArray());
            }
        }
        return grads;
    }

    /** L = Σ R ⊙ block(x) without a graph, in training mode. */
    static double loss(Block block, ParameterStore store, NDArray x, NDArray r) {
        return block.forward(store, new NDList(x), true)
                .singletonOrThrow()
                .mul(r)
                .sum()
                .getDouble();
    }

    /** The central difference of L along coordinate i of an array that L reads. */
    static double numeric(NDArray target, int i, java.util.function.DoubleSupplier loss) {
        double[] flat = target.toDoubleArray();
        double original = flat[i];
        NDIndex at = unravel(target.getShape(), i);
        target.set(at, original + STEP);
        double up = loss.getAsDouble();
        target.set(at, original - STEP);
        double down = loss.getAsDouble();
        target.set(at, original);
        return (up - down) / (2 * STEP);
    }

    private static NDIndex unravel(Shape shape, int flat) {
        long[] idx = new long[shape.dimension()];
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            idx[d] = flat % shape.get(d);
            flat /= (int) shape.get(d);
        }
        return new NDIndex(idx);
    }

    /**
     * Checks the input gradient and every parameter gradient of a block against finite differences.
     *
     * @param block an uninitialised block
     * @param inputShape the batch shape
     * @param seed random seed for x, R and the parameters
     * @param tolerance allowed |autograd − numeric| / max(1, |numeric|)
     */
    public static void check(Block block, Shape inputShape, long seed, double tolerance) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            NDArray x = manager.randomNormal(inputShape, DataType.FLOAT64);
            check(block, x, seed, tolerance);
        }
    }

    /** As {@link #check(Block, Shape, long, double)} at a given input. */
    static void check(Block block, NDArray x, long seed, double tolerance) {
        NDManager manager = x.getManager();
        block.initialize(manager, DataType.FLOAT64, x.getShape());
        ParameterStore store = new ParameterStore(manager, false);
        Shape outShape = block.getOutputShapes(new Shape[] {x.getShape()})[0];
        NDArray r = manager.randomNormal(outShape, DataType.FLOAT64);
        Map<String, double[]> grads = autograd(block, store, x, r);

        Map<String, NDArray> targets = new LinkedHashMap<>();
        targets.put("input", x);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                targets.put(p.getKey(), p.getValue().getArray());
            }
        }
        Random random = new Random(seed);
        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            double[] g = grads.get(t.getKey());
            for (int i : coordinates(g.length, random)) {
                double fd = numeric(t.getValue(), i, () -> loss(block, store, x, r));
                double err = Math.abs(g[i] - fd) / Math.max(1, Math.abs(fd));
                assertTrue(
                        err <= tolerance,
                        () ->
                                String.format(
                                        "%s: d/d%s[%d] autograd %.10g vs finite difference %.10g",
                                        block.getClass().getSimpleName(), t.getKey(), i, g[i], fd));
            }
        }
    }

    /** Up to 24 coordinates of an array of the given size (all of them when it is small). */
    static List<Integer> coordinates(int size, Random random) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, random);
        return all.subList(0, Math.min(24, size));
    }
}
