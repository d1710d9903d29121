package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.Affine;
import adiv.maps.AffineLike;
import adiv.maps.GradCheck;
import adiv.maps.Method;
import adiv.maps.Methods;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The residual MLP of MATH.md §7: its layout, each block computing z + φ(M(z)) against a direct
 * computation in doubles, and its gradients against finite differences for every method.
 */
class ResMlpBuilderTest {

    @Test
    void anInputLayerThenResidualBlocksThenAPlainHead() {
        SequentialBlock net = ResMlpBuilder.build(MlpSpec.of(12, 3, 8, 3, "affine-like", "none", "tanh"));
        List<Block> l = net.getChildren().values();
        assertEquals(6, l.size()); // input layer, activation, three blocks, head
        assertInstanceOf(AffineLike.class, l.get(0));
        for (int i = 2; i < 5; i++) {
            assertInstanceOf(ParallelBlock.class, l.get(i));
        }
        Block head = l.get(5);
        assertTrue(head instanceof Affine && !(head instanceof AffineLike), "the head is plain affine: " + head);
        assertEquals(new Shape(7, 3), net.getOutputShapes(new Shape[] {new Shape(7, 12)})[0]);
        // depth 0: the input layer, its activation and the head
        assertEquals(3, ResMlpBuilder.build(MlpSpec.of(12, 3, 8, 0, "affine", "none", "tanh")).getChildren().size());
    }

    /** z + tanh(M(z)) for M plain affine, Wz + b, and affine-like, (Wz + b)/√(‖z‖² + 1), in doubles. */
    @Test
    void eachBlockAddsItsActivatedMapToItsInput() {
        for (String map : List.of("affine", "affine-like")) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                int width = 5;
                SequentialBlock net = ResMlpBuilder.build(MlpSpec.of(4, 2, width, 1, map, "none", "tanh"));
                net.initialize(m, DataType.FLOAT64, new Shape(3, 4));
                Block block = net.getChildren().values().get(2);
                NDArray z = m.randomNormal(new Shape(3, width), DataType.FLOAT64);
                double[] out = block.forward(new ParameterStore(m, false), new NDList(z), false).singletonOrThrow()
                        .toDoubleArray();
                double[] w = null;
                double[] b = null;
                for (var p : block.getParameters()) {
                    Parameter param = p.getValue();
                    if (param.getType() == Parameter.Type.WEIGHT) {
                        w = param.getArray().toDoubleArray();
                    } else if (param.getType() == Parameter.Type.BIAS) {
                        b = param.getArray().toDoubleArray();
                    }
                }
                double[] zs = z.toDoubleArray();
                for (int s = 0; s < 3; s++) {
                    double norm2 = 0;
                    for (int j = 0; j < width; j++) {
                        norm2 += zs[s * width + j] * zs[s * width + j];
                    }
                    for (int i = 0; i < width; i++) {
                        double pre = b[i];
                        for (int j = 0; j < width; j++) {
                            pre += w[i * width + j] * zs[s * width + j];
                        }
                        if (map.equals("affine-like")) {
                            pre /= Math.sqrt(norm2 + 1);
                        }
                        assertEquals(zs[s * width + i] + Math.tanh(pre), out[s * width + i], 1e-12, map + " sample " + s);
                    }
                }
            }
        }
    }

    /**
     * Every built-in method with a dense form (its map and its normaliser), but the gradient-only
     * corrections: their forward map is plain affine and their parameter gradients are scaled by
     * design (MATH.md §3), so a finite difference measures another gradient; GradientOnlyAffineTest
     * checks them against §3's scaled gradients.
     */
    static Stream<String> methods() {
        Methods catalogue = Methods.catalogue();
        return catalogue.all().values().stream().filter(catalogue::mlp)
                .filter(m -> !(catalogue.dense(m, 2, 2, adiv.maps.Init.PYTORCH) instanceof adiv.maps.GradientOnlyAffine))
                .map(Method::name);
    }

    /** Gradients of the whole network, input and every parameter, against central differences (float64). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void gradientsAgreeWithFiniteDifferences(String name) {
        Method method = Methods.catalogue().get(name);
        MlpSpec spec = MlpSpec.of(6, 3, 5, 2, method.map(), method.norm(), "tanh");
        GradCheck.check(ResMlpBuilder.build(spec), new Shape(4, 6), 21, 1e-5);
    }
}
