package adiv.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.Affine;
import adiv.maps.AffineLike;
import adiv.maps.Init;
import adiv.maps.LayerNorm;
import adiv.maps.NormalisedAffine;
import adiv.maps.RmsNorm;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's MLP: which layers carry the correction, and where the activations sit. */
class MlpBuilderTest {

    private static List<Block> layers(SequentialBlock net) {
        return net.getChildren().values();
    }

    @Test
    void everyAffineLayerIsCorrectedByDefaultWithActivationsBetween() {
        SequentialBlock net = MlpBuilder.build(MlpSpec.of(12, 3, 8, 2, "affine-like", "none", "tanh"));
        List<Block> l = layers(net);
        assertEquals(5, l.size()); // map, act, map, act, map
        assertInstanceOf(AffineLike.class, l.get(0));
        assertInstanceOf(AffineLike.class, l.get(2));
        assertInstanceOf(AffineLike.class, l.get(4));
        assertEquals(new Shape(7, 3), net.getOutputShapes(new Shape[] {new Shape(7, 12)})[0]);
    }

    @Test
    void theFirstAndOutputLayersCanStayPlain() {
        MlpSpec spec = new MlpSpec(12, 3, 8, 2, "affine-like", "none", "tanh", false, false, Init.PYTORCH);
        List<Block> l = layers(MlpBuilder.build(spec));
        assertTrue(l.get(0) instanceof Affine);
        assertInstanceOf(AffineLike.class, l.get(2));
        assertTrue(l.get(4) instanceof Affine);
    }

    @Test
    void aNormaliserSitsBeforeThePlainAffineMap() {
        List<Block> l = layers(MlpBuilder.build(MlpSpec.of(12, 3, 8, 1, "affine", "layernorm", "leaky-relu")));
        NormalisedAffine first = assertInstanceOf(NormalisedAffine.class, l.get(0));
        assertInstanceOf(LayerNorm.class, first.getNormaliser());
        // With another map, the normaliser comes first in a sequence.
        List<Block> other = layers(MlpBuilder.build(MlpSpec.of(12, 3, 8, 1, "affine-like", "rmsnorm", "tanh")));
        SequentialBlock seq = assertInstanceOf(SequentialBlock.class, other.get(0));
        assertInstanceOf(RmsNorm.class, seq.getChildren().values().get(0));
        assertInstanceOf(AffineLike.class, seq.getChildren().values().get(1));
    }

    @Test
    void depthZeroIsOneLayer() {
        List<Block> l = layers(MlpBuilder.build(MlpSpec.of(12, 3, 8, 0, "norm-like", "none", "tanh")));
        assertEquals(1, l.size());
    }

    @Test
    void badNamesAreRefusedWithTheField() {
        assertTrue(message(() -> MlpSpec.of(12, 3, 8, 1, "affinity", "none", "tanh")).contains("unknown map 'affinity'"));
        assertTrue(message(() -> MlpSpec.of(12, 3, 8, 1, "affine", "groupnorm", "tanh")).contains("unknown normaliser"));
        assertTrue(message(() -> MlpSpec.of(12, 3, 8, 1, "affine", "none", "relu")).contains("unknown activation"));
        assertTrue(message(() -> MlpSpec.of(12, 3, 0, 1, "affine", "none", "tanh")).contains("width"));
        assertTrue(message(() -> MlpSpec.of(12, 3, 8, 1, "structural:1.5", "none", "tanh")).contains("rho"));
    }

    @Test
    void countsAffineWeights() {
        assertEquals(12 * 8 + 8 + 8 * 8 + 8 + 8 * 3 + 3, MlpSpec.of(12, 3, 8, 2, "affine", "none", "tanh").affineWeights());
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
