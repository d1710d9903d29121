package adiv.train;

import adiv.maps.Activations;
import adiv.maps.Init;
import adiv.maps.Methods;
import adiv.maps.Normalisers;
import java.util.List;

/**
 * A small convolutional classifier (the paper's Figs 8–9 setting, MATH.md §5): {@code blocks} conv
 * blocks of 3×3 convolutions with zero padding 1 and filters·2^i channels, each followed by the
 * normaliser, the activation and 2×2 max pooling, then a plain affine head.
 *
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param classes output classes
 * @param filters channels of the first block (each further block doubles them)
 * @param blocks conv blocks (at least 1)
 * @param conv a map with a convolutional form: "affine" (plain convolution), "patchnorm-affine-like",
 *     "patchnorm-norm-like" or a plug-in's
 * @param norm after each convolution: none, batchnorm (per channel, BatchNorm2d), layernorm (over
 *     C, H, W), rmsnorm (over the channels at each position) or a plug-in's with a convolutional form
 * @param activation after each normaliser
 * @param init how weights start
 */
public record CnnSpec(
        int channels, int height, int width, int classes, int filters, int blocks, String conv, String norm,
        String activation, Init init) {

    /** The maps that have a convolutional form (adiv's and plug-ins'). */
    public static List<String> convs() {
        Methods methods = Methods.catalogue();
        return methods.maps().stream().filter(m -> methods.requireMap("map", m).conv() != null).toList();
    }

    /** Validates every field, naming the one at fault. */
    public CnnSpec {
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new IllegalArgumentException("the input shape and classes must be positive");
        }
        if (filters < 1) {
            throw new IllegalArgumentException("width (channels of the first conv block) must be at least 1, got " + filters);
        }
        if (blocks < 1 || (height >> blocks) < 1 || (width >> blocks) < 1) {
            throw new IllegalArgumentException(
                    "depth (conv blocks) must be at least 1 and leave a feature map after pooling, got " + blocks);
        }
        Methods methods = Methods.catalogue();
        if (!methods.maps().contains(conv) || methods.requireMap("map", conv).conv() == null) {
            throw new IllegalArgumentException(
                    "unknown map '" + conv + "' for --model cnn: expected one of " + String.join(", ", convs()));
        }
        if (!Normalisers.cnn().contains(norm)) {
            throw new IllegalArgumentException(
                    "unknown normaliser '" + norm + "' for --model cnn: expected one of " + String.join(", ", Normalisers.cnn()));
        }
        Activations.byName(activation);
    }
}
