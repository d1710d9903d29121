package adiv.maps;

import java.util.List;

/**
 * The normalisers by name: adiv's own (parameterless as in the paper, MATH.md §8) and plug-ins',
 * all from the catalogue ({@link Methods#normalisers()}), each built for the width it normalises.
 */
public final class Normalisers {

    /** The name of no normaliser. */
    public static final String NONE = "none";

    private Normalisers() {}

    /**
     * Checks a normaliser's name.
     *
     * @param where what names it, for the message
     */
    public static void requireName(String name, String where) {
        Methods.catalogue().requireNormaliser(where, name);
    }

    /** "none" and every registered normaliser, comma-separated. */
    public static String names() {
        return Methods.catalogue().normaliserNames();
    }

    /** "none" and the normalisers that have a form after a convolution. */
    public static List<String> cnn() {
        List<String> names = new java.util.ArrayList<>(List.of(NONE));
        Methods.catalogue().normalisers().values().stream().filter(n -> n.conv() != null).map(Normaliser::name)
                .forEach(names::add);
        return names;
    }

    /**
     * A new normaliser for an MLP layer, or null for "none".
     *
     * @param name "none" or a registered normaliser
     * @param features the width of its input (the layer's inputs)
     */
    public static AbstractNormaliser byName(String name, int features) {
        return name.trim().equalsIgnoreCase(NONE) ? null : Methods.catalogue().normaliser(name).dense().create(features);
    }

    /**
     * A new normaliser after a convolution, or null for "none".
     *
     * @param channels the convolution's output channels
     * @throws IllegalArgumentException for a normaliser without a convolutional form
     */
    public static AbstractNormaliser afterConv(String name, int channels) {
        if (name.trim().equalsIgnoreCase(NONE)) {
            return null;
        }
        Normaliser n = Methods.catalogue().normaliser(name);
        if (n.conv() == null) {
            throw new IllegalArgumentException("normaliser '" + name + "' (" + n.origin() + ") has no form after a"
                    + " convolution: expected one of " + String.join(", ", cnn()));
        }
        return n.conv().create(channels);
    }
}
