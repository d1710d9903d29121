package adiv.maps.plugins;

import adiv.maps.AbstractAffineMap;
import adiv.maps.AbstractNormaliser;
import adiv.maps.Affine;
import adiv.maps.AffineLike;
import adiv.maps.Method;
import adiv.maps.MethodProvider;
import adiv.maps.Normaliser;
import adiv.maps.Products;
import adiv.maps.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Plug-ins for tests, each packed into a jar of its own at test time ({@link #jar}): its provider
 * listed in META-INF/services, as a researcher's jar would be.
 */
public final class TestPlugins {

    private TestPlugins() {}

    /** A good plug-in: the affine-like map under another name, stating its kernel, and a copy at half the rate. */
    public static final class Good implements MethodProvider {
        @Override
        public List<Method> methods() {
            return List.of(
                    Method.builder("test-affine-like").describe("affine-like under another name")
                            .dense((n, m, init) -> AffineLike.builder().setUnits(m).build()).build(),
                    Method.builder("test-affine-like-half").map("test-affine-like").lrScale(0.5).build());
        }
    }

    /** Names a method adiv already has. */
    public static final class Clash implements MethodProvider {
        @Override
        public List<Method> methods() {
            return List.of(Method.builder("affine-like").dense((n, m, init) -> Affine.builder().setUnits(m).build()).build());
        }
    }

    /** Returns one output too many. */
    public static final class WrongShape implements MethodProvider {
        @Override
        public List<Method> methods() {
            return List.of(Method.builder("test-wrong-shape").dense((n, m, init) -> Affine.builder().setUnits(m + 1).build()).build());
        }
    }

    /** Returns NaN. */
    public static final class NotFinite implements MethodProvider {
        @Override
        public List<Method> methods() {
            return List.of(Method.builder("test-nan").dense((n, m, init) -> new NanMap(m)).build());
        }
    }

    /** Throws while building. */
    public static final class Throws implements MethodProvider {
        @Override
        public List<Method> methods() {
            return List.of(Method.builder("test-throws").dense((n, m, init) -> {
                throw new IllegalStateException("boom: not implemented yet");
            }).build());
        }
    }

    /**
     * Two normalisers of its own and methods that use them: ScaleNorm (Nguyen and Salazar 2019, y = g
     * x/|x| with one learnable g starting at sqrt(d), d the width it is built for) before the plain
     * affine map and before affine-like, and a parameterless "twice-l2" (y = 2 x/|x|, so that an
     * affine map after it has K_ss = 4 + 1 = 5 for every sample).
     */
    public static final class Normalising implements MethodProvider {
        @Override
        public List<Normaliser> normalisers() {
            return List.of(
                    Normaliser.builder("test-scalenorm").describe("ScaleNorm, g x/|x|, g learnable from sqrt(d)")
                            .dense(ScaleNorm::new).build(),
                    Normaliser.builder("test-twice-l2").describe("2 x/|x|").dense(features -> new TwiceL2()).build());
        }

        @Override
        public List<Method> methods() {
            return List.of(
                    Method.builder("test-scalenorm").map("affine").norm("test-scalenorm").build(),
                    Method.builder("test-scalenorm-affine-like").map("affine-like").norm("test-scalenorm").build(),
                    Method.builder("test-twice-l2").map("affine").norm("test-twice-l2").build());
        }
    }

    /** y = g x/|x| over each sample's features, one learnable scalar g starting at sqrt(features). */
    public static final class ScaleNorm extends AbstractNormaliser {
        private final Parameter g;

        public ScaleNorm(int features) {
            super(new Builder());
            float start = (float) Math.sqrt(features);
            g = addScalar("g", (manager, shape, dataType) -> manager.full(shape, start, dataType));
        }

        static final class Builder extends NormaliserBuilder<Builder> {}

        @Override
        protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
            NDArray norm = x.square().sum(new int[] {-1}, true).sqrt();
            return x.div(norm).mul(parameterStore.getValue(g, x.getDevice(), training));
        }
    }

    /** y = 2 x/|x|: no parameter of its own. */
    static final class TwiceL2 extends AbstractNormaliser {
        TwiceL2() {
            super(new ScaleNorm.Builder());
        }

        @Override
        protected NDArray normalise(ParameterStore parameterStore, NDArray x, boolean training) {
            NDArray norm = x.square().sum(new int[] {-1}, true).sqrt();
            return Scalars.times(x.div(norm), 2);
        }
    }

    /**
     * The source of a provider of one method, "test-late", whose map ({@link LateMap}) works until it
     * has trained {@value LateMap#TRAINING_PASSES} steps and then throws in every training pass: it
     * passes the plug-in check, trains, and fails late, in the middle of a run. Compiled into a jar
     * of its own ({@link #compiledJar}), so that the jar, not the test class path, is its origin.
     */
    public static final String LATE_PROVIDER = "package adiv.test.late;\n"
            + "public final class LateMethods implements adiv.maps.MethodProvider {\n"
            + "    @Override\n"
            + "    public java.util.List<adiv.maps.Method> methods() {\n"
            + "        return java.util.List.of(adiv.maps.Method.builder(\"test-late\").describe(\"affine, until it gives up\")\n"
            + "                .dense((n, m, init) -> adiv.maps.plugins.TestPlugins.LateMap.of(m)).build());\n"
            + "    }\n"
            + "}\n";

    /** z = W x + b for its first {@value #TRAINING_PASSES} training passes (each layer counts its own), then a throw. */
    public static final class LateMap extends Affine {
        public static final int TRAINING_PASSES = 6;
        private int trainingPasses;

        private LateMap(int units) {
            super(Affine.builder().setUnits(units)); // plain affine, its formula and kernel
        }

        /** A layer of {@code units} outputs. */
        public static LateMap of(int units) {
            return new LateMap(units);
        }

        @Override
        protected NDArray forward(ai.djl.training.ParameterStore store, NDArray x, boolean training) {
            if (training && ++trainingPasses > TRAINING_PASSES) {
                throw new IllegalStateException("test-late gave up after " + TRAINING_PASSES + " training passes");
            }
            return super.forward(store, x, training);
        }
    }

    /** z = NaN · (W x + b). */
    static final class NanMap extends AbstractAffineMap {
        NanMap(int units) {
            super(new Builder().setUnits(units));
        }

        static final class Builder extends AffineMapBuilder<Builder> {}

        @Override
        protected NDArray apply(NDArray x, NDArray w, NDArray b) {
            return Products.linear(x, w, b).mul(Float.NaN);
        }

        @Override
        public NDArray kernel(NDArray x) {
            return plainKernel(x);
        }
    }

    /**
     * A jar of a provider compiled here from its source (against the test class path), with the
     * services file naming it: its classes are in the jar only, as a researcher's would be.
     *
     * @param className the provider's fully qualified name
     * @return the jar's path, {@code dir/name.jar}
     */
    public static Path compiledJar(Path dir, String name, String className, String source) {
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler here: the tests need a JDK");
        }
        try {
            Path src = Files.createDirectories(dir.resolve(name + "-src"));
            Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
            Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int rc = javac.run(null, errors, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                    file.toString());
            if (rc != 0) {
                throw new IllegalStateException("the test plug-in did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            Path jar = dir.resolve(name + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    java.util.stream.Stream<Path> files = Files.walk(classes)) {
                out.putNextEntry(new JarEntry("META-INF/services/" + MethodProvider.class.getName()));
                out.write((className + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A jar holding a provider class (and its nested classes) and the services file naming it.
     *
     * @return the jar's path
     */
    public static Path jar(Path dir, Class<? extends MethodProvider> provider) {
        return jar(dir, provider, null);
    }

    /**
     * As {@link #jar(Path, Class)}, with a text entry {@code build.txt} that makes another build of
     * the same classes (another SHA-256); none when {@code build} is null.
     */
    public static Path jar(Path dir, Class<? extends MethodProvider> provider, String build) {
        try {
            Files.createDirectories(dir);
            Path jar = dir.resolve(provider.getSimpleName().toLowerCase() + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new JarEntry("META-INF/services/" + MethodProvider.class.getName()));
                out.write((provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                String name = provider.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = provider.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
                out.closeEntry();
                if (build != null) {
                    out.putNextEntry(new JarEntry("build.txt"));
                    out.write(build.getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
