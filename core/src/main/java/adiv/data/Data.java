package adiv.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where data sets live on this machine: the data home that adiv downloads into (any user can write
 * it), and the directory Debian's dataset packages install into (only root can fill it). Both come
 * from the environment so that tests and unusual layouts can move them.
 */
public final class Data {

    /** Where Debian's dataset-* packages install their data sets. */
    public static final Path DEBIAN_DATA = Path.of("/usr/share/datasets");

    private Data() {}

    /**
     * The data home: $ADIV_DATA, else $HOME/.adiv/data. HOME is read from the environment, as a
     * shell does, because Java's user.home comes from the password database and ignores it; user.home
     * is used only when HOME is unset.
     */
    public static Path home() {
        return home(System.getenv(), System.getProperty("user.home"));
    }

    /** As {@link #home()}, from the given environment and user.home. */
    static Path home(Map<String, String> env, String userHome) {
        String data = env.get("ADIV_DATA");
        if (data != null && !data.isBlank()) {
            return Path.of(data).toAbsolutePath();
        }
        String home = env.get("HOME");
        String base = home != null && !home.isBlank() ? home : userHome;
        return Path.of(base, ".adiv", "data").toAbsolutePath();
    }

    /**
     * Where the data sets' byte files ({@link ImageCache}) are kept: $ADIV_CACHE, else the data
     * home's {@code cache} directory.
     */
    public static Path cache() {
        String cache = System.getenv("ADIV_CACHE");
        return cache != null && !cache.isBlank() ? Path.of(cache).toAbsolutePath() : home().resolve("cache");
    }

    /**
     * Where Debian's data set packages are looked for: $ADIV_DEBIAN_DATA, else /usr/share/datasets.
     * Pointing it at an empty directory says "there is no Debian data set here".
     */
    public static Path debianRoot() {
        return debianRoot(System.getenv());
    }

    /** As {@link #debianRoot()}, from the given environment. */
    static Path debianRoot(Map<String, String> env) {
        String root = env.get("ADIV_DEBIAN_DATA");
        return root != null && !root.isBlank() ? Path.of(root).toAbsolutePath() : DEBIAN_DATA;
    }
}
