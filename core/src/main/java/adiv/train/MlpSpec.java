package adiv.train;

import adiv.maps.Activations;
import adiv.maps.Methods;
import adiv.maps.Init;
import adiv.maps.Normalisers;

/**
 * The paper's fully connected classifier (MATH.md §9): depth hidden layers of the given width and
 * an output layer, every affine layer "normaliser + map", an activation after each hidden layer.
 *
 * @param inputs input features n
 * @param classes output classes
 * @param width hidden width
 * @param depth number of hidden layers (0: a single affine layer)
 * @param map the affine-type map of corrected layers (a method's map, {@link Methods})
 * @param norm the normaliser before the map in corrected layers ("none" or a registered normaliser, {@link Normalisers})
 * @param activation the activation after each hidden layer ({@link Activations#NAMES})
 * @param correctFirst whether the first affine layer gets the map and normaliser (else plain affine)
 * @param correctOutput whether the output layer does
 * @param init how affine weights start
 */
public record MlpSpec(
        int inputs,
        int classes,
        int width,
        int depth,
        String map,
        String norm,
        String activation,
        boolean correctFirst,
        boolean correctOutput,
        Init init) {

    /** Validates every field, naming the one at fault. */
    public MlpSpec {
        positive("inputs", inputs);
        positive("classes", classes);
        positive("width", width);
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more, got " + depth);
        }
        // Check the names now rather than halfway through building.
        if (Methods.catalogue().requireMap("map", map).dense() == null) {
            throw new IllegalArgumentException("map '" + map + "' has no dense form for an MLP (it is a convolution: --model cnn)");
        }
        Normalisers.requireName(norm, "norm");
        Activations.byName(activation);
        if (init == null) {
            throw new IllegalArgumentException("init must be given");
        }
    }

    /** The paper's default protocol: the correction on every affine layer, PyTorch initialisation. */
    public static MlpSpec of(
            int inputs, int classes, int width, int depth, String map, String norm, String activation) {
        return new MlpSpec(inputs, classes, width, depth, map, norm, activation, true, true, Init.PYTORCH);
    }

    /** Weights and biases of all affine layers (normaliser parameters not counted). */
    public long affineWeights() {
        long total = 0;
        int in = inputs;
        for (int i = 0; i <= depth; i++) {
            int out = i < depth ? width : classes;
            total += (long) in * out + out;
            in = out;
        }
        return total;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
