package adiv.maps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What adiv knows of the plug-in jars it loads: each jar's SHA-256 (a run records the jars its
 * method was built from, so a rebuilt jar is never mistaken for the one that made a store's runs)
 * and that no two jars hold the same class (a class loader would take the first jar's silently, so
 * the second build of a plug-in would be ignored without a word).
 */
public final class PluginJars {

    /** Hashes by file, size and modification time: a jar rebuilt in place is hashed again. */
    private static final Map<String, String> HASHES = new HashMap<>();

    private PluginJars() {}

    /**
     * A jar's SHA-256, hex, computed once per JVM and file.
     *
     * @throws IllegalArgumentException when it cannot be read
     */
    public static synchronized String sha256(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        String key;
        try {
            key = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new IllegalArgumentException("plug-in jar " + jar + ": cannot be read: " + e.getMessage());
        }
        String hash = HASHES.get(key);
        if (hash == null) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
                MessageDigest d = ((DigestInputStream) in).getMessageDigest();
                in.transferTo(java.io.OutputStream.nullOutputStream());
                hash = HexFormat.of().formatHex(d.digest());
            } catch (IOException e) {
                throw new IllegalArgumentException("plug-in jar " + jar + ": cannot be read: " + e.getMessage());
            }
            HASHES.put(key, hash);
        }
        return hash;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /**
     * The jars as a run records them: file name → SHA-256, in the order given.
     */
    public static Map<String, String> describe(List<Path> jars) {
        Map<String, String> m = new LinkedHashMap<>();
        jars.forEach(j -> m.put(j.getFileName().toString(), sha256(j)));
        return m;
    }

    /**
     * The jars as the run store records them: "NAME sha256:HEX" each, comma-separated, in the order
     * given; "" for none (adiv's own methods).
     */
    public static String record(List<Path> jars) {
        return String.join(", ", describe(jars).entrySet().stream().map(e -> e.getKey() + " sha256:" + e.getValue()).toList());
    }

    /**
     * Refuses jars that hold the same class (two builds of one plug-in side by side), or one of
     * adiv's own classes (a plug-in that bundled adiv: it must depend on it in {@code provided} scope).
     *
     * @throws IllegalArgumentException naming both jars and a class they share
     */
    public static void requireDistinctClasses(List<Path> jars) {
        Map<String, Path> owner = new HashMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (!name.endsWith(".class") || name.endsWith("module-info.class") || name.startsWith("META-INF/")) {
                        continue;
                    }
                    String cls = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                    if (cls.startsWith("adiv.") && isAdivClass(cls)) {
                        throw new IllegalArgumentException("plug-in jar " + jar.getFileName() + " holds adiv's own class " + cls
                                + ": build it with adiv as a provided dependency (README, \"Your own map (or normaliser)\", the pom), not bundled");
                    }
                    Path had = owner.putIfAbsent(cls, jar);
                    if (had != null) {
                        throw new IllegalArgumentException("plug-in jars " + had.getFileName() + " and " + jar.getFileName()
                                + " both hold the class " + cls + " (two builds of one plug-in?); only one would be used:"
                                + " remove one from " + jar.getParent());
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("plug-in jar " + jar + ": not a readable jar: " + e.getMessage());
            }
        }
    }

    /** Whether adiv's own jar (or classes directory) has this class. */
    private static boolean isAdivClass(String cls) {
        java.net.URL url = PluginJars.class.getClassLoader().getResource(cls.replace('.', '/') + ".class");
        java.security.CodeSource own = PluginJars.class.getProtectionDomain().getCodeSource();
        if (url == null || own == null || own.getLocation() == null) {
            return false;
        }
        String location = own.getLocation().toString();
        String found = url.toString();
        return found.startsWith(location) || found.startsWith("jar:" + location);
    }
}
