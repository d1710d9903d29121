package adiv.maps;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The catalogue of methods: every {@link MethodProvider} on the class path or in the plug-in jars
 * ({@code --plugins DIR} or {@code ADIV_PLUGINS}), adiv's own first. One name means one method
 * everywhere: the theory check, training, the probe, sweeps, claims and benchmarks look methods up
 * here, and a name two providers both define is refused with both origins. Normalisers are
 * registered the same way ({@link MethodProvider#normalisers()}) and named by a method's {@code norm}.
 */
public final class Methods {

    /** The origin of adiv's own methods. */
    public static final String BUILT_IN = "built-in";
    /** The environment variable naming a directory of plug-in jars (as {@code --plugins} does). */
    public static final String PLUGINS_ENV = "ADIV_PLUGINS";

    private static Path pluginsGiven;
    private static List<Path> pluginJars;
    private static Methods current;

    private final Map<String, Method> methods;
    private final Map<String, Normaliser> normalisers;

    private Methods(Map<String, Method> methods, Map<String, Normaliser> normalisers) {
        this.methods = Collections.unmodifiableMap(methods);
        this.normalisers = Collections.unmodifiableMap(normalisers);
    }

    /**
     * Loads plug-ins from a directory of jars (or one jar) from now on, in place of {@code
     * ADIV_PLUGINS}; read when a method is first needed.
     */
    public static synchronized void usePlugins(Path dirOrJar) {
        // null: back to ADIV_PLUGINS (each command line starts there)
        pluginsGiven = dirOrJar;
        pluginJars = null;
        current = null;
    }

    /**
     * The plug-in jars in use (those of {@code --plugins} or {@code ADIV_PLUGINS}), to ship to workers.
     *
     * @throws IllegalArgumentException when the directory is neither a jar nor holds one
     */
    public static synchronized List<Path> pluginJars() {
        if (pluginJars == null && pluginsGiven != null) {
            pluginJars = jars(pluginsGiven, "--plugins");
        }
        if (pluginJars == null) {
            String env = System.getenv(PLUGINS_ENV);
            pluginJars = env == null || env.isBlank() ? List.of() : jars(Path.of(env), PLUGINS_ENV);
        }
        return pluginJars;
    }

    private static List<Path> jars(Path dirOrJar, String what) {
        Path p = dirOrJar.toAbsolutePath().normalize();
        if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(what + ": " + dirOrJar + " is neither a directory of plug-in jars nor a .jar file");
        }
        try (Stream<Path> files = Files.list(p)) {
            List<Path> jars = files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalArgumentException(what + ": " + dirOrJar + " holds no .jar file");
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read " + dirOrJar + ": " + e.getMessage());
        }
    }

    /**
     * The catalogue of this JVM: built on first use from the providers found.
     *
     * @throws IllegalArgumentException when a provider cannot be loaded or two define one name
     */
    public static synchronized Methods catalogue() {
        if (current == null) {
            PluginJars.requireDistinctClasses(pluginJars());
            current = load(loader(pluginJars()), pluginJars());
        }
        return current;
    }

    /** The class loader that sees the plug-in jars (with adiv's own as its parent). */
    public static synchronized ClassLoader loader() {
        return loader(pluginJars());
    }

    private static ClassLoader loader(List<Path> jars) {
        ClassLoader parent = Methods.class.getClassLoader();
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("plug-in jar " + jars.get(i) + ": " + e.getMessage());
            }
        }
        return new URLClassLoader(urls, parent);
    }

    /**
     * The methods of every provider {@code loader} sees, adiv's own first; a provider that a plug-in
     * jar's services file lists has that jar as its origin.
     */
    static Methods load(ClassLoader loader, List<Path> jars) {
        Map<String, String> listedBy = listedProviders(jars);
        List<MethodProvider> providers = new ArrayList<>();
        providers.add(new BuiltInMethods());
        Set<String> seen = new HashSet<>(List.of(BuiltInMethods.class.getName()));
        ServiceLoader<MethodProvider> services = ServiceLoader.load(MethodProvider.class, loader);
        var it = services.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                MethodProvider p = it.next();
                if (seen.add(p.getClass().getName())) {
                    providers.add(p);
                }
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException("a plug-in's provider could not be loaded: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
            }
        }
        Map<String, Method> all = new LinkedHashMap<>();
        Map<String, Normaliser> norms = new LinkedHashMap<>();
        for (MethodProvider p : providers) {
            String origin = listedBy.getOrDefault(p.getClass().getName(), origin(p.getClass()));
            List<Method> defined = listed(p, origin, "methods", p::methods);
            for (Normaliser n : listed(p, origin, "normalisers", p::normalisers)) {
                Normaliser had = norms.get(n.name());
                if (had != null) {
                    throw new IllegalArgumentException("normaliser '" + n.name() + "' is defined twice: by " + had.origin()
                            + " and by " + origin + "; a normaliser's name must be unique (rename one, or remove a jar)");
                }
                norms.put(n.name(), n.from(origin));
            }
            for (Method m : defined) {
                Method had = all.get(m.name());
                if (had != null) {
                    throw new IllegalArgumentException("method '" + m.name() + "' is defined twice: by " + had.origin()
                            + " and by " + origin + "; a method's name must be unique (rename one, or remove a jar)");
                }
                all.put(m.name(), m.from(origin));
            }
        }
        Methods catalogue = new Methods(all, norms);
        for (Method m : all.values()) {
            if (!m.definesMap()) {
                catalogue.requireMap(m.origin() + ": method '" + m.name() + "'", m.map());
            }
            catalogue.requireNormaliser(m.origin() + ": method '" + m.name() + "'", m.norm());
        }
        return catalogue;
    }

    /** What a provider lists (its methods or its normalisers), refusing a throw or a null with the provider's name. */
    private static <T> List<T> listed(MethodProvider p, String origin, String what, java.util.function.Supplier<List<T>> list) {
        List<T> items;
        try {
            items = list.get();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("plug-in provider " + p.getClass().getName() + " (" + origin
                    + ") failed to list its " + what + ": " + e);
        }
        if (items == null || items.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("plug-in provider " + p.getClass().getName() + " (" + origin
                    + ") returned " + (items == null ? "no list" : "a null in its list") + " of " + what);
        }
        return items;
    }

    /** Provider class → the file name of the plug-in jar whose services file lists it. */
    private static Map<String, String> listedProviders(List<Path> jars) {
        Map<String, String> listed = new java.util.HashMap<>();
        for (Path jar : jars) {
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                java.util.zip.ZipEntry services = file.getEntry("META-INF/services/" + MethodProvider.class.getName());
                if (services == null) {
                    continue;
                }
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(file.getInputStream(services),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                            .forEach(c -> listed.putIfAbsent(c, jar.getFileName().toString()));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("plug-in jar " + jar + ": not a readable jar: " + e.getMessage());
            }
        }
        return listed;
    }

    /** "built-in" for adiv's own classes, else the file name of the jar (or directory) a class came from. */
    static String origin(Class<?> c) {
        CodeSource own = MethodProvider.class.getProtectionDomain().getCodeSource();
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return c.getName();
        }
        if (own != null && source.getLocation().equals(own.getLocation())) {
            return BUILT_IN;
        }
        try {
            return Path.of(source.getLocation().toURI()).getFileName().toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }

    /** Every method, adiv's own first, in the order its provider lists them. */
    public Map<String, Method> all() {
        return methods;
    }

    /** The names, comma-separated, for messages. */
    public String names() {
        return String.join(", ", methods.keySet());
    }

    /**
     * The method of a name.
     *
     * @throws IllegalArgumentException naming the methods there are
     */
    public Method get(String name) {
        Method m = methods.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + name + "': expected one of " + names()
                    + " (adiv methods lists them; a plug-in's jar goes in --plugins DIR)");
        }
        return m;
    }

    /**
     * The method that defines a map's forms: a method that defines one of its own, or for
     * {@code structural:RHO} the structural family at that ρ.
     *
     * @param where what names the map, for the message
     * @throws IllegalArgumentException for a name that is not a map
     */
    public Method requireMap(String where, String map) {
        String key = map.trim().toLowerCase();
        Method m = methods.get(key);
        if (m != null && m.definesMap()) {
            return m;
        }
        if (key.startsWith("structural:")) {
            float rho;
            try {
                rho = Float.parseFloat(key.substring("structural:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad map '" + map + "': structural:RHO needs a number RHO in (0, 1)");
            }
            Structural.builder().optRho(rho); // checks ρ
            return Method.builder(key).describe("the structural family at rho = " + rho)
                    .dense((n, units, init) -> Structural.builder().setUnits(units).optRho(rho).optInit(init).build())
                    .build().from(BUILT_IN);
        }
        throw new IllegalArgumentException(where + ": unknown map '" + map + "': expected one of " + String.join(", ", maps())
                + " or structural:RHO");
    }

    /** The names of the methods that define maps of their own. */
    public List<String> maps() {
        return methods.values().stream().filter(Method::definesMap).map(Method::name).toList();
    }

    /** The forms of a method's map. */
    public Method forms(Method method) {
        return method.definesMap() ? method : requireMap("method '" + method.name() + "'", method.map());
    }

    /** Whether the method builds an MLP: its map has a dense form. */
    public boolean mlp(Method method) {
        return forms(method).dense() != null;
    }

    /** Whether it builds a CNN: its map has a convolution and its normaliser (if any) a form after one. */
    public boolean cnn(Method method) {
        return forms(method).conv() != null && (method.norm().equals(Normalisers.NONE) || normaliser(method.norm()).conv() != null);
    }

    /** Whether its corrected layer states its one-step kernel: the map does, and any normaliser is parameterless. */
    public boolean kernel(Method method) {
        return kernelMissing(method) == null;
    }

    /**
     * Why a method's corrected layer states no one-step kernel, naming the part that cannot (its map,
     * or its normaliser's trainable parameters); null when it states one.
     */
    public String kernelMissing(Method method) {
        Method forms = forms(method);
        if (forms.dense() == null) {
            return "its map '" + forms.name() + "' has no dense form";
        }
        if (!forms.statesKernel()) {
            return "its map '" + forms.name() + "' (" + forms.origin() + ") states none (statesKernel(false))";
        }
        if (!method.norm().equals(Normalisers.NONE)) {
            AbstractNormaliser norm;
            try {
                norm = normaliser(method.norm()).dense().create(4);
            } catch (RuntimeException | LinkageError e) {
                return "its normaliser '" + method.norm() + "' (" + normaliser(method.norm()).origin() + ") could not be"
                        + " built: " + e;
            }
            if (norm == null || norm.hasTrainableParameters()) {
                return "its normaliser '" + method.norm() + "' (" + normaliser(method.norm()).origin() + ") has trainable"
                        + " parameters (" + String.join(", ", norm.getParameters().keys()) + "): the layer is not linear"
                        + " in what one step trains, so no input-only kernel exists";
            }
        }
        return null;
    }

    /** Every normaliser, adiv's own first, in the order its provider lists them. */
    public Map<String, Normaliser> normalisers() {
        return normalisers;
    }

    /**
     * The normaliser of a name.
     *
     * @throws IllegalArgumentException naming the normalisers there are
     */
    public Normaliser normaliser(String name) {
        Normaliser n = normalisers.get(name.trim().toLowerCase());
        if (n == null) {
            throw new IllegalArgumentException("unknown normaliser '" + name + "': expected one of " + normaliserNames()
                    + " (adiv methods lists them; a plug-in's jar goes in --plugins DIR)");
        }
        return n;
    }

    /** "none" and every normaliser's name, comma-separated, for messages. */
    public String normaliserNames() {
        return Normalisers.NONE + (normalisers.isEmpty() ? "" : ", " + String.join(", ", normalisers.keySet()));
    }

    /**
     * Checks a normaliser's name ("none" or a registered one).
     *
     * @param where what names it, for the message
     */
    public void requireNormaliser(String where, String name) {
        if (!name.trim().equalsIgnoreCase(Normalisers.NONE)) {
            try {
                normaliser(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
    }

    /**
     * The plug-in jars a method is built from: those of its map's forms, its normaliser and the
     * method itself (a jar may only compose adiv's parts); empty for adiv's own.
     */
    public List<Path> jarsOf(Method method) {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        origins.add(method.origin());
        origins.addAll(originsOf(method.map(), method.norm()));
        return jarsNamed(origins);
    }

    /**
     * The plug-in jars a run's layers are built from, by what a run records: its map and its
     * normaliser; empty for adiv's own.
     */
    public List<Path> jarsOf(String map, String norm) {
        return jarsNamed(originsOf(map, norm));
    }

    private java.util.Set<String> originsOf(String map, String norm) {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        origins.add(requireMap("map", map).origin());
        if (!norm.trim().equalsIgnoreCase(Normalisers.NONE)) {
            origins.add(normaliser(norm).origin());
        }
        return origins;
    }

    private static List<Path> jarsNamed(java.util.Set<String> origins) {
        List<Path> jars = new ArrayList<>();
        for (Path jar : pluginJars()) {
            if (origins.contains(jar.getFileName().toString())) {
                jars.add(jar);
            }
        }
        return jars;
    }

    /**
     * A method a spec composes from registered parts: a map (a method's, or structural:RHO), a
     * normaliser and a factor on the learning rate.
     *
     * @param where the spec key, for messages
     */
    public Method compose(String where, String name, String map, String norm, double lrScale, String origin) {
        if (methods.containsKey(name)) {
            throw new IllegalArgumentException(where + ": a method named '" + name + "' exists (" + methods.get(name).origin()
                    + "); give yours another name");
        }
        requireMap(where + ".map", map);
        requireNormaliser(where + ".norm", norm);
        return Method.builder(name).map(map.trim().toLowerCase()).norm(norm).lrScale(lrScale)
                .describe("defined by " + origin).build().from(origin);
    }

    /** A new dense layer of a method's map, with its initialisation applied. */
    public AffineMap dense(Method method, int inputs, int outputs, Init init) {
        AffineMap map = forms(method).dense().create(inputs, outputs, init);
        if (map instanceof AbstractAffineMap a) {
            a.setInit(init);
        }
        return map;
    }

    /** A new convolution of a method's map. */
    public AbstractConv conv(Method method, int filters, Shape kernel, Shape padding, Init init) {
        AbstractConv conv = forms(method).conv().create(filters, kernel, padding, init);
        conv.setInit(init);
        return conv;
    }
}
