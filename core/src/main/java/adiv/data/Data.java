package adiv.data;

import java.nio.file.Path;

/** Where adiv keeps data it downloads: $ADIV_DATA, or ~/.adiv/data. */
public final class Data {

    private Data() {}

    /** The data home. */
    public static Path home() {
        String env = System.getenv("ADIV_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".adiv", "data");
    }
}
