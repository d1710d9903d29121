package adiv.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every array a training step creates belongs to the step's own scope: after many steps the
 * manager that holds the parameters holds no more arrays than after the first, in training and in
 * evaluation.
 */
class ResourceTest {

    static Stream<Arguments> blocks() {
        Stream<Arguments> maps =
                AffineMaps.all().entrySet().stream()
                        .map(e -> Arguments.of(e.getKey(), (Supplier<Block>) () -> e.getValue().apply(4)));
        Stream<Arguments> others =
                Stream.of(
                        Arguments.of("batchnorm γβ", (Supplier<Block>) () -> BatchNorm.builder().optScale(true).optCenter(true).build()),
                        Arguments.of("dyt γβ", (Supplier<Block>) () -> DyT.builder().optScale(true).optCenter(true).build()),
                        Arguments.of("dyisru", (Supplier<Block>) () -> DyIsru.builder().build()),
                        Arguments.of("isotropic-tanh", (Supplier<Block>) Activations::isotropicTanh));
        return Stream.concat(maps, others);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void stepsLeaveNothingBehindInTheParameterManager(String name, Supplier<Block> factory) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            Block block = factory.get();
            NDArray x = manager.randomNormal(new Shape(6, 5));
            x.setRequiresGradient(true);
            block.initialize(manager, DataType.FLOAT32, x.getShape());
            ParameterStore store = new ParameterStore(manager, false);
            step(block, store, x, true);
            step(block, store, x, false);
            int after = manager.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                step(block, store, x, true);
                step(block, store, x, false);
            }
            assertEquals(after, manager.getManagedArrays().size(), name + " leaves arrays behind");
        }
    }

    private static void step(Block block, ParameterStore store, NDArray x, boolean training) {
        try (NDManager scope = x.getManager().newSubManager()) {
            x.tempAttach(scope);
            if (training) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
                    gc.backward(out.sum());
                }
            } else {
                block.forward(store, new NDList(x), false);
            }
        }
    }
}
