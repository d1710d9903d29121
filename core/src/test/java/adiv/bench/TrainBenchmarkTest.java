package adiv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training benchmark's FLOP count, grid and per-phase timing. */
class TrainBenchmarkTest {

    @Test
    void honestFlopsCountTheFirstLayerFourTimesAndTheOthersSix() {
        // 3072 -> 256 -> 256 -> 10: 4·3072·256 + 6·(256·256 + 256·10) = 3,554,304 per example.
        TrainBenchmark.Point mlp = new TrainBenchmark.Point(TrainBenchmark.Model.MLP, 128, 256, 2, "affine");
        assertEquals(3_554_304.0 * 50_000, TrainBenchmark.flopsPerEpoch(mlp, 50_000), 0);
        // fig9's CNN: 3·8·9·32² = 221,184 multiply-adds in block 1, 8·16·9·16² = 294,912 in block 2,
        // 16·32·9·8² = 294,912 in block 3, 32·4²·10 = 5,120 in the head.
        TrainBenchmark.Point cnn = new TrainBenchmark.Point(TrainBenchmark.Model.CNN, 64, 8, 3, "conv");
        assertEquals(4 * 221_184.0 + 6 * (294_912.0 + 294_912.0 + 5_120.0), TrainBenchmark.flopsPerEpoch(cnn, 1), 0);
        // Fashion-shaped inputs: 4·784·128 + 6·(128·128 + 128·10).
        TrainBenchmark.Point small = new TrainBenchmark.Point(TrainBenchmark.Model.MLP, 128, 128, 2, "affine", 784);
        assertEquals(4 * 784 * 128.0 + 6 * (128 * 128.0 + 1280.0), TrainBenchmark.flopsPerEpoch(small, 1), 0);
    }

    @Test
    void theCnnGridIsFig9sNetworkWithThePeersThreeLayers() {
        List<TrainBenchmark.Point> grid = TrainBenchmark.grid(TrainBenchmark.Model.CNN, null, null, null, null, null);
        assertEquals(List.of("conv", "conv-batchnorm", "patchnorm-affine-like"),
                grid.stream().map(TrainBenchmark.Point::map).toList());
        assertTrue(grid.stream().allMatch(p -> p.batch() == 64 && p.width() == 8 && p.depth() == 3));
        assertEquals(12, TrainBenchmark.grid(TrainBenchmark.Model.MLP, null, null, null, null, null).size());
        assertThrows(IllegalArgumentException.class,
                () -> TrainBenchmark.network(new TrainBenchmark.Point(TrainBenchmark.Model.CNN, 64, 8, 3, "affine-like")));
    }

    @Test
    void aTimedEpochIsSplitIntoPhasesThatFitInsideItAndCanBeTraced(@TempDir Path dir) {
        TrainBenchmark.Point p = new TrainBenchmark.Point(TrainBenchmark.Model.CNN, 32, 2, 2, "patchnorm-affine-like");
        List<TrainBenchmark.Result> results = TrainBenchmark.run(List.of(p), 128, 0, dir, adiv.maps.Precision.FLOAT32, r -> {});
        TrainBenchmark.Result r = results.get(0);
        double phases = r.data() + r.forward() + r.backward() + r.optimizer();
        assertTrue(r.forward() > 0 && r.backward() > 0 && r.optimizer() > 0 && r.data() >= 0, r.toString());
        assertTrue(phases <= r.secondsPerEpoch() * 1.0001, phases + " > " + r.secondsPerEpoch());
        assertTrue(r.evaluation() > 0, r.toString());
        Path trace = dir.resolve(TrainBenchmark.traceName(p));
        assertTrue(Files.isRegularFile(trace));
        List<OpProfile.Op> ops = OpProfile.read(trace);
        // Four steps of 32: every step runs the convolutions forward and backward.
        assertTrue(ops.stream().anyMatch(o -> o.kind() == OpProfile.Kind.MATRIX_PRODUCTS && o.calls() >= 4), ops.toString());
    }
}
