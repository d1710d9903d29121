package adiv.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** adiv's version, from the jar's manifest when packaged. */
final class Version implements CommandLine.IVersionProvider {

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * adiv's Maven artifact version ("0.3.0-SNAPSHOT"), what a plug-in's pom depends on: from {@code
     * adiv/version.properties}, which the build fills in (so also where adiv runs from its classes,
     * whose version {@link #get} calls "dev"), else from the jar's manifest.
     *
     * @throws UserError where neither says it (classes built without Maven)
     */
    static String artifact() {
        try (InputStream in = Version.class.getResourceAsStream("/adiv/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.contains("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // the manifest, below
        }
        String v = Version.class.getPackage().getImplementationVersion();
        if (v == null) {
            throw new UserError("adiv's version is unknown here (its classes were not built by Maven): build adiv with"
                    + " ./adiv or mvn -B package and run it again");
        }
        return v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"adiv " + get()};
    }
}
