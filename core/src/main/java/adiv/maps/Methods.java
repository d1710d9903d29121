package adiv.maps;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
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
 * here, and a name two providers both define is refused with both origins.
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

    private Methods(Map<String, Method> methods) {
        this.methods = Collections.unmodifiableMap(methods);
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
            current = load(loader(pluginJars()));
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

    /** The methods of every provider {@code loader} sees, adiv's own first. */
    static Methods load(ClassLoader loader) {
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
        for (MethodProvider p : providers) {
            String origin = origin(p.getClass());
            List<Method> defined;
            try {
                defined = p.methods();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("plug-in provider " + p.getClass().getName() + " (" + origin
                        + ") failed to list its methods: " + e);
            }
            if (defined == null) {
                throw new IllegalArgumentException("plug-in provider " + p.getClass().getName() + " (" + origin
                        + ") returned no list of methods");
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
        Methods catalogue = new Methods(all);
        for (Method m : all.values()) {
            if (!m.definesMap()) {
                catalogue.requireMap(m.origin() + ": method '" + m.name() + "'", m.map());
            }
            Normalisers.requireName(m.norm(), m.origin() + ": method '" + m.name() + "'");
        }
        return catalogue;
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

    /** Whether it builds a CNN: its map has a convolution and its normaliser follows one. */
    public boolean cnn(Method method) {
        return forms(method).conv() != null && Normalisers.CNN.contains(method.norm());
    }

    /** Whether its corrected layer states its one-step kernel: the map does, and any normaliser is parameterless. */
    public boolean kernel(Method method) {
        Method forms = forms(method);
        if (forms.dense() == null || !forms.statesKernel() || forms.before() != null) {
            return false;
        }
        AbstractNormaliser norm = Normalisers.byName(method.norm());
        return norm == null || !norm.hasTrainableParameters();
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
        Method forms = requireMap(where + ".map", map);
        Normalisers.requireName(norm, where + ".norm");
        if (forms.before() != null && !norm.equals("none")) {
            throw new IllegalArgumentException(where + ": the map '" + map + "' places its own block before it; norm must be none");
        }
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

    /** The block a method's map places before its dense form, or null. */
    public Block before(Method method) {
        Method forms = forms(method);
        return forms.before() == null ? null : forms.before().get();
    }

    /** A new convolution of a method's map. */
    public AbstractConv conv(Method method, int filters, Shape kernel, Shape padding, Init init) {
        AbstractConv conv = forms(method).conv().create(filters, kernel, padding, init);
        conv.setInit(init);
        return conv;
    }
}
