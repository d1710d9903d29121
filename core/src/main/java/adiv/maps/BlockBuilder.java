package adiv.maps;

/**
 * The root of every builder in this package. As in DJL's own block builders, each option returns the
 * concrete builder, so that options chain whatever class declares them ({@code
 * NormLike.builder().setUnits(8).optEpsilon(1e-4f).build()}).
 *
 * <p>{@link #self} is written once, here, rather than once per concrete builder: every concrete
 * builder is declared {@code Builder extends SomeBuilder<Builder>}, so {@code this} is a T.
 *
 * @param <T> the concrete builder
 */
public abstract class BlockBuilder<T extends BlockBuilder<T>> {

    /** This builder as its concrete type, for an option to return. */
    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }
}
