package adiv.cli;

import adiv.maps.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adiv plugin}: a researcher's own maps and normalisers, as jars adiv loads (README, "Your own map"). */
@Command(
        name = "plugin",
        mixinStandardHelpOptions = true,
        description = "Plug-in jars of your own maps and normalisers: new writes a skeleton project to start one from.",
        subcommands = {PluginCommand.New.class})
final class PluginCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: new");
    }

    /** {@code adiv plugin new}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Writes a Maven project for a plug-in into DIR (new or empty): a map stating its kernel, a"
                    + " normaliser with one learnable scalar, the provider registering them as the methods NAME and"
                    + " NAME-norm, its services file, a pom depending on this adiv, and a README saying how to build"
                    + " and use it.",
                "Example: adiv plugin new ../mynorm --name mynorm --package org.example.mynorm"})
    static final class New extends ResultCommand {

        /** A skeleton's name: lower case, words joined by '-', each word a class name's part (my-map: MyMapMap). */
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

        /** Where the templates are, in adiv's jar. */
        private static final String TEMPLATES = "/adiv/plugin-skeleton/";

        @Parameters(index = "0", paramLabel = "DIR", description = "The directory to write the project to: new, or empty.")
        Path dir;

        @Option(names = "--name", paramLabel = "NAME", description = "The plug-in's name: its jar (NAME.jar), its methods"
                + " NAME and NAME-norm and its classes' prefix; lower case letters and digits, words joined by -"
                + " (default: DIR's name).")
        String name;

        @Option(names = "--package", paramLabel = "PKG", description = "The Java package of its classes, also the pom's"
                + " groupId (default: org.example.NAME without its -).")
        String pkg;

        @Override
        public Integer call() throws IOException {
            String plugin = name != null ? name : String.valueOf(dir.toAbsolutePath().normalize().getFileName());
            if (!NAME.matcher(plugin).matches()) {
                throw new UserError((name != null ? "--name '" + plugin + "'" : "DIR's name '" + plugin + "' (the default"
                        + " --name)") + ": a plug-in's name is lower case letters and digits, starting with a letter,"
                        + " words joined by - (e.g. my-map)");
            }
            String javaPackage = pkg != null ? pkg : "org.example." + plugin.replace("-", "");
            requirePackage(javaPackage);
            requireUnused(plugin);
            requireEmpty(dir);
            String version = Version.artifact();
            Path where = dir.toAbsolutePath().normalize();

            String className = className(plugin);
            String source = "src/main/java/" + javaPackage.replace('.', '/');
            Map<String, String> values = new LinkedHashMap<>();
            values.put("name", plugin);
            values.put("Name", className);
            values.put("package", javaPackage);
            values.put("group", javaPackage);
            values.put("adiv_version", version);
            values.put("source", source);
            values.put("dir", where.toString());
            Map<String, String> files = new LinkedHashMap<>();
            files.put("pom.xml", fill("pom.xml.txt", values));
            files.put("README.md", fill("README.md.txt", values));
            files.put(source + "/" + className + "Map.java", fill("Map.java.txt", values));
            files.put(source + "/" + className + "Norm.java", fill("Norm.java.txt", values));
            files.put(source + "/" + className + "Methods.java", fill("Methods.java.txt", values));
            files.put("src/main/resources/META-INF/services/adiv.maps.MethodProvider", javaPackage + "." + className + "Methods\n");

            Output.directory(dir, "DIR");
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            }

            List<String> next = List.of(
                    "mvn -B -q install -DskipTests -pl core -am    # in adiv's checkout, once: adiv " + version
                            + " into the local Maven repository",
                    "(cd " + where + " && mvn -B -q package)    # target/" + plugin + ".jar",
                    "./adiv methods --plugins " + where.resolve("target") + "    # " + plugin + " and " + plugin + "-norm",
                    "./adiv theory --plugins " + where.resolve("target") + " --map " + plugin,
                    "./adiv train --plugins " + where.resolve("target") + " --method " + plugin + "-norm --epochs 1");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("dir", where.toString());
                o.put("name", plugin);
                o.put("package", javaPackage);
                o.put("adiv_version", version);
                o.put("methods", List.of(plugin, plugin + "-norm"));
                o.put("files", new ArrayList<>(files.keySet()));
                o.put("next", next);
                Output.json(out, o);
                return 0;
            }
            out.printf("Wrote the plug-in %s (package %s, against adiv %s) to %s:%n", plugin, javaPackage, version, where);
            files.keySet().forEach(f -> out.println("  " + f));
            out.printf("%nIts methods: %s (the map %sMap, stating its kernel) and %s-norm (the normaliser %sNorm before"
                    + " the affine map). Next:%n", plugin, className, plugin, className);
            next.forEach(c -> out.println("  " + c));
            out.flush();
            return 0;
        }

        /** my-map: MyMap. */
        private static String className(String plugin) {
            StringBuilder b = new StringBuilder();
            for (String word : plugin.split("-")) {
                b.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
            return b.toString();
        }

        private void requirePackage(String javaPackage) {
            String why = !SourceVersion.isName(javaPackage) ? "a Java package is identifiers joined by . and no keyword"
                    : !javaPackage.contains(".") ? "give a package of two parts at least (org.example.mine), not the top level"
                    : Stream.of("java", "javax", "adiv").anyMatch(root -> javaPackage.equals(root) || javaPackage.startsWith(root + "."))
                            ? "java., javax. and adiv. are not a plug-in's to use" : null;
            if (why != null) {
                throw new UserError((pkg != null ? "--package '" : "the default package '") + javaPackage + "': " + why
                        + (pkg != null ? "" : "; give --package"));
            }
        }

        /** A method the catalogue already has would be refused when the jar is loaded: refused here, at once. */
        private static void requireUnused(String plugin) {
            Methods catalogue = Methods.catalogue();
            for (String method : List.of(plugin, plugin + "-norm")) {
                if (catalogue.all().containsKey(method) || catalogue.normalisers().containsKey(method)) {
                    String origin = catalogue.all().containsKey(method) ? catalogue.get(method).origin()
                            : catalogue.normaliser(method).origin();
                    throw new UserError("--name " + plugin + ": adiv already has a method or normaliser '" + method + "' ("
                            + origin + "); a plug-in's names must be new");
                }
            }
        }

        private static void requireEmpty(Path dir) throws IOException {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new UserError("DIR " + dir + " is not empty: adiv plugin new writes a new project (give a new"
                                + " or empty directory)");
                    }
                }
            } else if (Files.exists(dir)) {
                throw new UserError("DIR " + dir + " is a file: adiv plugin new writes a new project (give a new or empty"
                        + " directory)");
            }
        }

        /** A template with every {{key}} replaced. */
        private static String fill(String template, Map<String, String> values) {
            String text;
            try (InputStream in = PluginCommand.class.getResourceAsStream(TEMPLATES + template)) {
                if (in == null) {
                    throw new IllegalStateException("adiv's jar lacks the template " + TEMPLATES + template);
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("{{" + v.getKey() + "}}", v.getValue());
            }
            if (text.contains("{{")) {
                throw new IllegalStateException("template " + template + " has a placeholder left: "
                        + text.substring(text.indexOf("{{"), Math.min(text.length(), text.indexOf("{{") + 30)));
            }
            return text;
        }
    }
}
