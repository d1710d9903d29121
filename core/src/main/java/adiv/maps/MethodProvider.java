package adiv.maps;

import java.util.List;

/**
 * The plug-in interface: a provider names one or more {@link Method}s, each building its map for a
 * layer (the dense {@link AffineMap} of an MLP, optionally the convolution of a CNN) or reusing
 * another's, with a normaliser before it (adiv's or one of the provider's own {@link
 * #normalisers()}), stating its one-step kernel where it can and its factor on the learning rate.
 *
 * <p>Providers are found with Java's {@link java.util.ServiceLoader}: a jar lists its provider
 * classes, one per line, in {@code META-INF/services/adiv.maps.MethodProvider}, and is put on the
 * class path or in the directory given to {@code --plugins} (or {@code ADIV_PLUGINS}). adiv's own
 * methods are registered the same way ({@link BuiltInMethods}). Every name is unique: two providers
 * naming the same method are refused, naming both. A sweep ships the jars to every worker process
 * and Spark executor, which find the same providers.
 *
 * <p>A provider needs a public no-argument constructor. Its methods are checked before anything
 * trains (a layer built, initialised and run on a small batch): one that throws, returns a wrong
 * shape or a non-finite value is refused with its name and what it returned.
 */
public interface MethodProvider {

    /** The methods this provider defines, in the order {@code adiv methods} lists them. */
    List<Method> methods();

    /**
     * The normalisers this provider defines (none by default): each a name that any method, a
     * spec's {@code methods:} and {@code adiv train --norm} can then use, as they use adiv's own.
     */
    default List<Normaliser> normalisers() {
        return List.of();
    }
}
