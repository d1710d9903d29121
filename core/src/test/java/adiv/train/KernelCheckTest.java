package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.data.Preprocessing;
import adiv.data.TensorDataset;
import adiv.engine.Machine;
import adiv.maps.Init;
import adiv.maps.Kernel;
import adiv.maps.KernelCall;
import adiv.maps.KernelCall.Part;
import adiv.maps.Kernels;
import adiv.maps.Precision;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel check: on this CPU every kernel a network calls agrees with float64 and float64 with
 * direct sums; a kernel broken on purpose ({@link Kernels#FAULT_PROPERTY}, as a CPU with a wrong
 * kernel would compute it) is routed through float64 when it is a float32 kernel, and the training
 * then gets right gradients, or stops the run when it cannot be routed (bf16).
 */
class KernelCheckTest {

    @TempDir
    Path cache;

    @AfterEach
    void mendKernels() {
        System.clearProperty(Kernels.FAULT_PROPERTY);
        KernelCheck.forget();
    }

    private static final Shape ONE = new Shape(1, 1);

    /** Calls with every setting the direct sums must follow: stride, padding, dilation, bias, partial windows. */
    private static List<KernelCall> unusualCalls() {
        return List.of(
                new KernelCall(Kernel.CONV2D, Precision.FLOAT32, new Shape(5, 3, 9, 8), new Shape(4, 3, 3, 2), true,
                        new Shape(3, 2), new Shape(2, 1), new Shape(2, 1), new Shape(2, 3), true, true),
                new KernelCall(Kernel.LINEAR, Precision.FLOAT32, new Shape(7, 13), new Shape(5, 13), true,
                        null, null, null, null, true, true),
                new KernelCall(Kernel.MAX_POOL2D, Precision.FLOAT32, new Shape(3, 2, 7, 6), null, false,
                        new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), ONE, true, false),
                new KernelCall(Kernel.AVG_POOL2D, Precision.FLOAT32, new Shape(3, 1, 7, 6), null, false,
                        new Shape(3, 3), new Shape(2, 2), ONE, ONE, true, false),
                // forward only on a batch larger than the samples float64 recomputes
                new KernelCall(Kernel.CONV2D, Precision.FLOAT32, new Shape(40, 2, 6, 6), new Shape(3, 2, 3, 3), false,
                        new Shape(3, 3), ONE, ONE, ONE, false, false));
    }

    @Test
    void everyKernelAgreesWithFloat64AndFloat64WithDirectSumsAtUnusualSettings() {
        KernelCheck.Report report = new KernelCheck(null).check(unusualCalls());
        assertTrue(report.ok(), report.summary() + "\n" + report.wrong());
        assertEquals(3 + 3 + 2 + 2 + 1, report.rows().size(), "each part the training needs, once");
        for (KernelCheck.Row row : report.rows()) {
            assertTrue(row.error() < 1e-5, row.describe());
            assertTrue(row.referenceError() < 1e-12, row.describe() + ": reference " + row.referenceError());
        }
        assertTrue(report.routed().isEmpty());
        assertTrue(report.summary().startsWith("ok: 11 results of 5 kernel calls"), report.summary());
    }

    /** The PatchNorm CNN's calls: which need an input gradient follows from where the data enters. */
    @Test
    void aNetworksCallsAreRecordedWithTheGradientsTrainingTakes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = CnnBuilder.build(
                    new CnnSpec(1, 12, 12, 10, 4, 2, "patchnorm-affine-like", "none", "tanh", Init.PYTORCH));
            Engine.getInstance().setRandomSeed(1);
            net.initialize(manager, DataType.FLOAT32, new Shape(16, 144));
            KernelCheck.Report report = new KernelCheck(null).forNetwork(net, new ParameterStore(manager, false),
                    manager, new Shape(16, 144), new long[] {16, 5}, new long[] {30});
            assertTrue(report.ok(), report.summary());
            List<String> calls = report.rows().stream().map(r -> r.call().describe()).distinct().toList();
            // two convolutions, two box sums, two max poolings, the head; each at batches 16, 5 and 30
            assertEquals(7 * 3, calls.size(), String.join("\n", calls));
            assertTrue(calls.contains("conv2d float32 x(16,1,12,12) w(4,1,3,3)+b window 3x3 stride 1x1 pad 1x1 dil 1x1 grad w"),
                    "the first convolution's input is the data: no input gradient\n" + String.join("\n", calls));
            assertTrue(calls.contains("conv2d float32 x(16,4,6,6) w(8,4,3,3)+b window 3x3 stride 1x1 pad 1x1 dil 1x1 grad xw"));
            assertTrue(calls.contains("avg_pool2d float32 x(16,1,12,12) window 3x3 stride 1x1 pad 1x1 dil 1x1"));
            assertTrue(calls.contains("avg_pool2d float32 x(16,1,6,6) window 3x3 stride 1x1 pad 1x1 dil 1x1 grad x"));
            assertTrue(calls.contains("linear float32 x(30,72) w(10,72)+b"), "evaluation: forward only");
        }
    }

    @Test
    void aWrongFloat32InputGradientIsRoutedThroughFloat64() throws Exception {
        System.setProperty(Kernels.FAULT_PROPERTY, "conv2d:input-gradient");
        KernelCheck.Report report = new KernelCheck(cache).check(unusualCalls());
        assertFalse(report.ok());
        assertEquals(Set.of(Kernel.CONV2D), report.routed());
        assertTrue(report.stopping().isEmpty(), report.summary());
        KernelCheck.Row wrong = report.wrong().get(0);
        assertEquals(Part.INPUT_GRADIENT, wrong.part());
        assertEquals(0.9, wrong.error(), 0.01, "a tenth of the gradient");
        assertTrue(wrong.routedError() < 1e-6, "routed: " + wrong.routedError());
        assertTrue(report.summary().startsWith("routed conv2d through float64: conv2d float32 input gradient at"),
                report.summary());
        try (var files = Files.list(cache)) {
            assertEquals(0, files.count(), "kernels broken on purpose are not cached");
        }
    }

    /**
     * With the convolution's input gradient broken, a PatchNorm network's float32 gradients are
     * wrong; routed as the check decides, they agree with float64 again.
     */
    @Test
    void theRouteGivesTheNetworkRightGradients() {
        System.setProperty(Kernels.FAULT_PROPERTY, "conv2d:input-gradient");
        CnnSpec spec = new CnnSpec(1, 12, 12, 10, 4, 2, "patchnorm-affine-like", "none", "tanh", Init.PYTORCH);
        double broken = firstConvGradientError(spec, Set.of());
        double routed = firstConvGradientError(spec, Set.of(Kernel.CONV2D));
        assertTrue(broken > 0.1, "the fault reaches the first layer's weights: " + broken);
        assertTrue(routed < 1e-4, "routed: " + routed);
    }

    /** A run with a wrong float32 kernel trains, routed, and says so. */
    @Test
    void aRunWithAWrongFloat32KernelTrainsRouted() {
        System.setProperty(Kernels.FAULT_PROPERTY, "conv2d:input-gradient,max_pool2d:forward");
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 600, 200), Preprocessing.STANDARDISE, manager)) {
            SequentialBlock net = CnnBuilder.build(new CnnSpec(1, 6, 6, 4, 8, 2, "patchnorm-affine-like", "none", "tanh", Init.PYTORCH));
            KernelCheck.Report[] heard = new KernelCheck.Report[1];
            TrainingLoop loop = new TrainingLoop(net, new TrainConfig(4, 32, 1e-2f, OptimizerKind.ADAM, 1))
                    .kernelCheck(new KernelCheck(cache));
            RunResult r = loop.run(data, new TrainingListener() {
                @Override
                public void kernelsChecked(KernelCheck.Report report) {
                    heard[0] = report;
                }
            });
            assertEquals(Set.of(Kernel.CONV2D, Kernel.MAX_POOL2D), loop.kernelCheck().routed());
            assertEquals(loop.kernelCheck(), heard[0]);
            assertTrue(r.last().testAcc() > 0.85, "test accuracy " + r.last().testAcc());
        }
        assertTrue(Kernels.routed().isEmpty(), "the routes end with the run");
    }

    @Test
    void aWrongBf16ProductStopsTheRunNamingKernelCallAndCpu() {
        System.setProperty(Kernels.FAULT_PROPERTY, "linear:forward");
        try (NDManager manager = NDManager.newBaseManager();
                TensorDataset data = TensorDataset.of(TrainingLoopTest.problem(3, 100, 50), Preprocessing.STANDARDISE, manager)) {
            MlpSpec spec = MlpSpec.of(data.features(), data.classes(), 16, 2, "affine", "none", "tanh");
            TrainConfig config = new TrainConfig(1, 32, 1e-2f, OptimizerKind.ADAM, 1, 0, 0, 0, Precision.BF16);
            KernelFault e = assertThrows(KernelFault.class,
                    () -> new TrainingLoop(MlpBuilder.build(spec), config).kernelCheck(new KernelCheck(cache))
                            .run(data, TrainingListener.NONE));
            String m = e.getMessage();
            assertTrue(m.startsWith("libtorch's bf16 linear's forward is wrong by 0.5"), m);
            assertTrue(m.contains(Machine.cpuModel()) && m.contains("linear bf16 x(32,36) w(16,36)+b"), m);
            assertTrue(m.contains("bf16 is refused on this machine; train with --precision float32"), m);
        }
    }

    @Test
    void aFloat64ResultThatMissesTheDirectSumsStops() {
        KernelCall call = unusualCalls().get(0);
        KernelCheck.Report report = new KernelCheck.Report(
                List.of(new KernelCheck.Row(call, Part.FORWARD, 1e-7, 0.3, Double.NaN)), Set.of(), "cpu", "2.7.1", 2, false);
        KernelFault e = assertThrows(KernelFault.class, report::throwIfStopping);
        assertTrue(e.getMessage().startsWith("libtorch's float64 conv2d's forward misses the direct sums by 0.3"),
                e.getMessage());
        KernelCheck.Report nan = new KernelCheck.Report(
                List.of(new KernelCheck.Row(call, Part.INPUT_GRADIENT, Double.NaN, 0, Double.NaN)), Set.of(Kernel.CONV2D),
                "cpu", "2.7.1", 2, false);
        assertTrue(nan.stopping().size() == 1, "NaN, and a route that was never seen to work, stops");
    }

    @Test
    void aSecondCheckOfTheSameCallsIsReadFromTheCache() throws Exception {
        List<KernelCall> calls = unusualCalls().subList(0, 2);
        KernelCheck.Report first = new KernelCheck(cache).check(calls);
        assertFalse(first.cached());
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count());
        }
        KernelCheck.forget();
        KernelCheck.Report second = new KernelCheck(cache).check(calls);
        assertTrue(second.cached());
        assertEquals(first.rows(), second.rows());
        assertEquals(first.summary(), second.summary());
    }

    /** max |g32 − g64| / max |g64| of the first convolution's weight gradient, with the given routes. */
    private static double firstConvGradientError(CnnSpec spec, Set<Kernel> routes) {
        double[] g32 = firstConvGradient(spec, DataType.FLOAT32, routes);
        double[] g64 = firstConvGradient(spec, DataType.FLOAT64, routes);
        return KernelCheck.relative(g32, g64);
    }

    private static double[] firstConvGradient(CnnSpec spec, DataType type, Set<Kernel> routes) {
        try (NDManager manager = NDManager.newBaseManager(); Kernels.Scope r = Kernels.route(routes)) {
            // The same parameters in both types: drawn in float64, cast.
            Engine.getInstance().setRandomSeed(7);
            SequentialBlock drawn = CnnBuilder.build(spec);
            drawn.initialize(manager, DataType.FLOAT64, new Shape(8, 144));
            SequentialBlock net = CnnBuilder.build(spec);
            net.initialize(manager, type, new Shape(8, 144));
            List<Parameter> from = drawn.getParameters().values();
            List<Parameter> to = net.getParameters().values();
            for (int i = 0; i < to.size(); i++) {
                NDArray target = to.get(i).getArray();
                target.intern(from.get(i).getArray().toType(type, true));
                target.setRequiresGradient(true);
            }
            java.util.Random random = new java.util.Random(3);
            double[] x = new double[8 * 144];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            NDArray input = manager.create(x, new Shape(8, 144)).toType(type, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
                collector.backward(out.square().sum());
            }
            return to.get(0).getArray().getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }
}
