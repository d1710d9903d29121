package adiv.cli;

import static adiv.cli.CliTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.maps.Methods;
import adiv.maps.MethodProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** adiv plugin new: a skeleton that builds, loads and passes the theory check as written. */
class PluginSkeletonTest {

    private static final String SOURCES = "src/main/java/org/example/mynorm/";

    @TempDir Path dir;

    @AfterEach
    void noPlugins() {
        Methods.usePlugins(null);
    }

    @Test
    void aSkeletonCompilesLoadsAndPassesTheTheoryCheck() throws Exception {
        Path skel = dir.resolve("skel");
        JsonNode wrote = json(CliTest.run("plugin", "new", skel.toString(), "--name", "mynorm", "--package",
                "org.example.mynorm", "--json"));
        List<String> files = new ArrayList<>();
        wrote.get("files").forEach(f -> files.add(f.asText()));
        assertEquals(List.of("pom.xml", "README.md", SOURCES + "MynormMap.java", SOURCES + "MynormNorm.java",
                SOURCES + "MynormMethods.java", "src/main/resources/META-INF/services/adiv.maps.MethodProvider"), files);
        try (Stream<Path> all = Files.walk(skel)) {
            assertEquals(files.size(), all.filter(Files::isRegularFile).count(), "exactly the files it lists");
        }
        for (String f : files) {
            String text = Files.readString(skel.resolve(f));
            assertFalse(text.contains("{{") || text.contains("TODO"), f + ":\n" + text);
        }
        assertEquals("org.example.mynorm.MynormMethods",
                Files.readString(skel.resolve("src/main/resources/META-INF/services/adiv.maps.MethodProvider")).strip());
        assertTrue(Files.readString(skel.resolve("README.md")).contains("mvn -B install -DskipTests -pl core -am"));

        // The pom: XML, the package as groupId, the name as artifactId, adiv at the version of this build.
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(skel.resolve("pom.xml").toFile());
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals("org.example.mynorm", x.evaluate("/project/groupId", pom));
        assertEquals("mynorm", x.evaluate("/project/artifactId", pom));
        assertEquals("mynorm", x.evaluate("/project/build/finalName", pom));
        assertEquals("17", x.evaluate("/project/properties/*[local-name()='maven.compiler.release']", pom));
        assertEquals("3.13.0", x.evaluate("/project/build/plugins/plugin[artifactId='maven-compiler-plugin']/version", pom));
        assertEquals("provided", x.evaluate("/project/dependencies/dependency[artifactId='adiv']/scope", pom));
        Document core = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String coreVersion = x.evaluate("/project/version", core);
        coreVersion = coreVersion.isEmpty() ? x.evaluate("/project/parent/version", core) : coreVersion;
        assertFalse(coreVersion.isEmpty());
        assertEquals(coreVersion, x.evaluate("/project/properties/*[local-name()='adiv.version']", pom));
        assertEquals(coreVersion, wrote.get("adiv_version").asText());

        // Built as Maven would (against adiv's classes), it loads from its jar: both methods, the normaliser.
        Path jar = compile(skel, files);
        JsonNode listed = json(CliTest.run("methods", "--json", "--plugins", jar.toString()));
        List<String> mine = new ArrayList<>();
        for (JsonNode m : listed.get("methods")) {
            if (m.get("origin").asText().equals("mynorm.jar")) {
                mine.add(m.get("name").asText() + " map " + m.get("map").asText() + " norm " + m.get("norm").asText()
                        + " kernel " + m.get("kernel").asBoolean());
            }
        }
        assertEquals(List.of("mynorm map mynorm norm none kernel true", "mynorm-norm map affine norm mynorm-norm kernel false"),
                mine);
        boolean normaliser = false;
        for (JsonNode n : listed.get("normalisers")) {
            normaliser |= n.get("name").asText().equals("mynorm-norm") && n.get("origin").asText().equals("mynorm.jar")
                    && n.get("trained").asBoolean();
        }
        assertTrue(normaliser, listed.get("normalisers").toString());

        // The map states its kernel, and a real step agrees with it (affine-like's: K_ss = 1).
        JsonNode map = json(CliTest.run("theory", "--json", "--plugins", jar.toString(), "--map", "mynorm"));
        assertTrue(map.get("kernel_stated").asBoolean(), map.toString());
        JsonNode rows = map.get("identities");
        assertEquals(4, rows.size(), "single, batch, and inside a residual block (its map, the block's output)");
        for (JsonNode row : List.of(rows.get(0), rows.get(1))) {
            assertTrue(row.get("passed").asBoolean(), row.toString());
            assertEquals(1.0, row.get("predicted").asDouble(), 1e-9, row.toString());
            assertTrue(row.get("rel_error").asDouble() < 1e-6, row.toString());
        }
        assertTrue(rows.get(2).get("passed").asBoolean() && rows.get(2).get("rel_error").asDouble() < 1e-6, rows.toString());
        assertTrue(rows.get(3).get("predicted").isNull(), rows.toString());
        // The normaliser trains g: no kernel stated, the step measured.
        JsonNode norm = json(CliTest.run("theory", "--json", "--plugins", jar.toString(), "--map", "mynorm-norm"));
        assertFalse(norm.get("kernel_stated").asBoolean(), norm.toString());
        assertTrue(norm.get("none_stated_because").asText().contains("normaliser 'mynorm-norm' (mynorm.jar)"), norm.toString());
        for (JsonNode row : norm.get("identities")) {
            assertTrue(row.get("predicted").isNull() && row.get("passed").asBoolean(), row.toString());
        }
        CliTest.Run text = CliTest.run("theory", "--plugins", jar.toString(), "--map", "mynorm-norm");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("none stated"), text.out());
    }

    @Test
    void theTextSaysWhatItWroteAndWhatToRunNext() {
        Path skel = dir.resolve("my-map");
        CliTest.Run r = CliTest.run("plugin", "new", skel.toString());
        assertEquals(0, r.code(), r.err());
        // Defaults: the name from DIR, the package from the name.
        assertTrue(r.out().contains("src/main/java/org/example/mymap/MyMapMethods.java"), r.out());
        assertTrue(r.out().contains("mvn -B -q package") && r.out().contains("./adiv theory --plugins "
                + skel.toAbsolutePath().resolve("target") + " --map my-map"), r.out());
    }

    @Test
    void aNonEmptyDirectoryOrABadNameOrPackageIsRefusedInOneLine() throws IOException {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        String[][] cases = {
            {"plugin", "new", full.toString(), "--name", "mynorm"},
            {"plugin", "new", dir.resolve("a").toString(), "--name", "My_Norm"},
            {"plugin", "new", dir.resolve("b").toString(), "--name", "2fast"},
            {"plugin", "new", dir.resolve("c").toString(), "--name", "affine"},
            {"plugin", "new", dir.resolve("d").toString(), "--name", "ok", "--package", "org.example.class"},
            {"plugin", "new", dir.resolve("e").toString(), "--name", "ok", "--package", "adiv.mine"},
            {"plugin", "new", dir.resolve("Bad Dir").toString()},
        };
        String[] says = {"is not empty", "--name 'My_Norm'", "--name '2fast'", "already has a method or normaliser 'affine'",
            "--package 'org.example.class'", "--package 'adiv.mine'", "DIR's name 'Bad Dir'"};
        for (int i = 0; i < cases.length; i++) {
            CliTest.Run r = CliTest.run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(says[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        assertEquals(List.of(full.resolve("notes.txt")), Files.list(full).toList(), "nothing written into it");
        for (String d : new String[] {"a", "b", "c", "d", "e", "Bad Dir"}) {
            assertFalse(Files.exists(dir.resolve(d)), d + " created");
        }
    }

    /** The skeleton's sources compiled against the test class path (adiv's classes and DJL) into NAME.jar with its services file. */
    private static Path compile(Path skel, List<String> files) throws IOException {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(skel.resolve("target/classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        files.stream().filter(f -> f.endsWith(".java")).forEach(f -> args.add(skel.resolve(f).toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertEquals(0, rc, "the skeleton does not compile cleanly:\n" + errors.toString(StandardCharsets.UTF_8));
        Path jar = skel.resolve("target/mynorm.jar");
        Path services = skel.resolve("src/main/resources/META-INF/services/" + MethodProvider.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> all = Files.walk(classes)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + MethodProvider.class.getName()));
            out.write(Files.readAllBytes(services));
            out.closeEntry();
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }
}
