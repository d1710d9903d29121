package adiv.bench;

import adiv.maps.BatchNorm;
import adiv.maps.Convolution;
import adiv.maps.PatchNorm;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Forward + backward time of both PatchNorm forms and of a plain convolution followed by
 * BatchNorm2d, against the plain convolution, on CIFAR-shaped batches (3×3 kernels, zero padding
 * 1), float32, with the input requiring a gradient as inside a network.
 */
public final class ConvBenchmark {

    /** A layer shape: batch, channels in and out, image size. */
    public record Point(int batch, int in, int out, int size) {
        @Override
        public String toString() {
            return "B=" + batch + " " + in + "->" + out + " " + size + "x" + size;
        }
    }

    /** The time of one block at one point. */
    public record Result(String block, int batch, int in, int out, int size, double millis, double vsConv) {}

    /** A CIFAR input layer and a second-block layer. */
    public static final List<Point> DEFAULT_POINTS = List.of(new Point(128, 3, 32, 32), new Point(128, 32, 64, 16));

    private ConvBenchmark() {}

    private static Map<String, Supplier<Block>> blocks(int filters) {
        Shape k = new Shape(3, 3);
        Shape pad = new Shape(1, 1);
        Map<String, Supplier<Block>> m = new LinkedHashMap<>();
        m.put("conv", () -> Convolution.builder().setFilters(filters).setKernelShape(k).optPadding(pad).build());
        m.put("patchnorm-affine-like", () -> PatchNorm.builder().setFilters(filters).setKernelShape(k).optPadding(pad)
                .optMode(PatchNorm.Mode.AFFINE_LIKE).build());
        m.put("patchnorm-norm-like", () -> PatchNorm.builder().setFilters(filters).setKernelShape(k).optPadding(pad)
                .optMode(PatchNorm.Mode.NORM_LIKE).build());
        m.put("conv+batchnorm2d", () -> new SequentialBlock()
                .add(Convolution.builder().setFilters(filters).setKernelShape(k).optPadding(pad).build())
                .add(BatchNorm.builder().build()));
        return m;
    }

    /** Times every block at one point. */
    public static List<Result> run(Point p, int rounds, double secondsPerRound, BiConsumer<Integer, Integer> onRound) {
        Map<String, Supplier<Block>> factories = blocks(p.out());
        List<String> names = new ArrayList<>(factories.keySet());
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NDArray x = manager.randomNormal(new Shape(p.batch(), p.in(), p.size(), p.size()));
            x.setRequiresGradient(true);
            NDArray r = manager.randomNormal(new Shape(p.batch(), p.out(), p.size(), p.size()));
            List<Block> blocks = new ArrayList<>();
            for (String name : names) {
                Block b = factories.get(name).get();
                b.initialize(manager, DataType.FLOAT32, x.getShape());
                blocks.add(b);
            }
            PairedTiming.Times t = PairedTiming.run(blocks, 0, x, r, rounds, secondsPerRound, onRound);
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                results.add(new Result(names.get(i), p.batch(), p.in(), p.out(), p.size(), t.seconds()[i] * 1e3, t.ratios()[i]));
            }
            return results;
        }
    }
}
