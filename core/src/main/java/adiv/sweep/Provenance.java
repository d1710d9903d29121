package adiv.sweep;

import adiv.engine.Machine;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a training run came from: the build of adiv that ran it and the machine it ran on.
 *
 * <p>Every run records one. A sweep's runs may be trained over days, by several builds (a fix
 * between a killed sweep and its resumption) and on several machines (a Spark cluster, a laptop
 * and a server); their numbers are then not strictly comparable. A report lists the distinct
 * values of its runs' provenance, so that a sweep whose runs came from different builds or
 * machines says so instead of passing off a mixture as one experiment.
 *
 * @param adiv adiv's version, from the jar's manifest ({@code "dev"} when not run from the jar)
 * @param commit the abbreviated commit the build was made from, with {@code "-dirty"} appended
 *     when tracked files had uncommitted changes at build time (untracked and ignored files do not
 *     count); {@code "unknown"} when built without git metadata (a source tarball)
 * @param djl DJL's version
 * @param libtorch the version of the libtorch that DJL's PyTorch engine loaded
 * @param cpu the CPU model, from {@code /proc/cpuinfo}; {@code os.arch} where that is unreadable
 * @param threads the number of threads the run was trained with
 * @param kernels what the kernel check found before the run trained (adiv.train.KernelCheck): "ok:
 *     ...", or which kernels it computed in float64 because this CPU's float32 ones were wrong
 */
public record Provenance(String adiv, String commit, String djl, String libtorch, String cpu, int threads,
        String kernels) {

    /** As recorded before runs recorded their kernel check. */
    public Provenance(String adiv, String commit, String djl, String libtorch, String cpu, int threads) {
        this(adiv, commit, djl, libtorch, cpu, threads, null);
    }

    /** The class-path resource written at build time by git-commit-id-maven-plugin (see core/pom.xml). */
    static final String BUILD_RESOURCE = "/adiv/build.properties";

    /** The commit when the build recorded none. */
    static final String UNKNOWN = "unknown";

    private static final String COMMIT = readCommit();

    /**
     * The provenance of a run trained here, now, by this build.
     *
     * <p>Reads the libtorch version from DJL's PyTorch engine, which loads the native library if
     * it is not loaded yet (workers have it loaded already).
     *
     * @param threads the number of threads the run is trained with
     * @param kernels the run's kernel check, in a line (KernelCheck.Report#summary)
     * @return the provenance
     */
    public static Provenance here(int threads, String kernels) {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return new Provenance(
                version == null ? "dev" : version,
                COMMIT,
                Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(),
                cpuModel(),
                threads,
                kernels);
    }

    /**
     * As stored with a run.
     *
     * @return the keys {@code adiv, commit, djl, libtorch, cpu, threads, kernels}, in that order
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("adiv", adiv);
        m.put("commit", commit);
        m.put("djl", djl);
        m.put("libtorch", libtorch);
        m.put("cpu", cpu);
        m.put("threads", threads);
        m.put("kernels", kernels);
        return m;
    }

    /**
     * The inverse of {@link #asMap()}, tolerant of what older stores lack: a missing key gives a
     * null field ({@code threads} 0).
     *
     * @param m the stored map; {@code threads} may be any number or a decimal string
     * @return the provenance
     */
    public static Provenance fromMap(Map<String, ?> m) {
        return new Provenance(
                string(m.get("adiv")),
                string(m.get("commit")),
                string(m.get("djl")),
                string(m.get("libtorch")),
                string(m.get("cpu")),
                threads(m.get("threads")),
                string(m.get("kernels")));
    }

    private static String string(Object v) {
        return v == null ? null : v.toString();
    }

    private static int threads(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v != null) {
            try {
                return Integer.parseInt(v.toString().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The commit from the build resource: abbreviated id, "-dirty" if the tree was; "unknown" if absent. */
    private static String readCommit() {
        try (InputStream in = Provenance.class.getResourceAsStream(BUILD_RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id.abbrev", "").trim();
            if (id.isEmpty()) {
                return UNKNOWN;
            }
            return Boolean.parseBoolean(p.getProperty("git.dirty", "false").trim()) ? id + "-dirty" : id;
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The first "model name" of /proc/cpuinfo, whitespace collapsed; os.arch where there is none. */
    static String cpuModel() {
        return Machine.cpuModel();
    }
}
