package adiv.cli;

import picocli.CommandLine;

/** adiv's version, from the jar's manifest when packaged. */
final class Version implements CommandLine.IVersionProvider {

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"adiv " + get()};
    }
}
