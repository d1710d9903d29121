package adiv.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Forward + backward timing of several blocks against a reference block on one input: interleaved
 * rounds (the starting block rotates each round), each block timed right after a run of the
 * reference, so that a slow spell of a shared machine falls on both sides of a comparison. One
 * iteration is a training-mode forward pass and the backward pass of L = Σ r ⊙ z.
 */
final class PairedTiming {

    /** Per block: the median seconds per iteration and the median ratio to the reference. */
    record Times(double[] seconds, double[] ratios) {}

    private PairedTiming() {}

    static Times run(
            List<Block> blocks, int reference, NDArray x, NDArray r, int rounds, double secondsPerRound,
            BiConsumer<Integer, Integer> onRound) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        int n = blocks.size();
        int[] iterations = new int[n];
        for (int i = 0; i < n; i++) {
            iterations[i] = calibrate(blocks.get(i), store, x, r, secondsPerRound);
        }
        double[][] seconds = new double[n][rounds];
        double[][] ratios = new double[n][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                double refTime = time(blocks.get(reference), iterations[reference], store, x, r);
                seconds[i][round] = i == reference ? refTime : time(blocks.get(i), iterations[i], store, x, r);
                ratios[i][round] = seconds[i][round] / refTime;
            }
            onRound.accept(round + 1, rounds);
        }
        double[] s = new double[n];
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = median(seconds[i]);
            q[i] = median(ratios[i]);
        }
        return new Times(s, q);
    }

    private static double time(Block block, int iterations, ParameterStore store, NDArray x, NDArray r) {
        long start = System.nanoTime();
        for (int it = 0; it < iterations; it++) {
            iterate(block, store, x, r);
        }
        return (System.nanoTime() - start) / 1e9 / iterations;
    }

    /** Warms the block up and returns how many iterations fill about secondsPerRound. */
    private static int calibrate(Block block, ParameterStore store, NDArray x, NDArray r, double secondsPerRound) {
        for (int i = 0; i < 3; i++) {
            iterate(block, store, x, r);
        }
        long start = System.nanoTime();
        iterate(block, store, x, r);
        double once = (System.nanoTime() - start) / 1e9;
        return (int) Math.max(1, Math.min(1000, Math.round(secondsPerRound / once)));
    }

    /** One forward + backward pass; every intermediate array is freed when it ends. */
    private static void iterate(Block block, ParameterStore store, NDArray x, NDArray r) {
        try (NDManager scope = x.getManager().newSubManager()) {
            x.tempAttach(scope);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = block.forward(store, new NDList(x), true).singletonOrThrow();
                collector.backward(z.mul(r).sum());
            }
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
