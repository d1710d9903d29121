package adiv.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Gets a data set into a directory: finds it there already, installs Debian's package (the
 * Fashion-MNIST default directory, when permitted), or downloads the published files and checks
 * their MD5s. When none of that works, {@link Unavailable} says exactly what the user must do.
 */
public final class Fetcher {

    /** Why a data set could not be fetched here, with the steps that would get it. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** How a get ended. */
    public record Outcome(Path dir, String action, RawDataset data) {}

    private static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    private final Consumer<String> log;
    private final boolean mayInstall;
    private final boolean mayDownload;

    /**
     * @param log receives one line per thing done
     * @param mayInstall whether Debian's package may be installed with apt-get
     * @param mayDownload whether the published files may be downloaded
     */
    public Fetcher(Consumer<String> log, boolean mayInstall, boolean mayDownload) {
        this.log = log;
        this.mayInstall = mayInstall;
        this.mayDownload = mayDownload;
    }

    /**
     * Gets the data set into dir (its default directory when dir is null), from the given sources.
     *
     * @throws Unavailable when it is not there and cannot be fetched here
     * @throws DataException when files are there but invalid, or a download's MD5 is wrong
     */
    public Outcome get(DatasetName name, Path dir, List<Download> sources, LongConsumer progress)
            throws Unavailable {
        Path target = dir == null ? name.defaultDir() : dir;
        if (name.present(target)) {
            return new Outcome(target, "present", name.load(target));
        }
        List<String> tried = new ArrayList<>();
        if (name == DatasetName.FASHION_MNIST && target.equals(name.defaultDir())) {
            String why = installDebianPackage();
            if (why == null && name.present(target)) {
                return new Outcome(target, "installed " + DEBIAN_PACKAGE, name.load(target));
            }
            tried.add("installing Debian's " + DEBIAN_PACKAGE + ": " + (why == null ? "it did not provide the files" : why));
        }
        if (!mayDownload) {
            tried.add("downloading: not permitted (--no-download)");
            throw new Unavailable(instructions(name, target, sources, tried));
        }
        try {
            for (Download d : sources) {
                log.accept("downloading " + d.url());
                Path file = d.to(target, progress);
                log.accept("verified " + file + " (MD5 " + d.md5() + ")");
                if (file.getFileName().toString().endsWith(".tar.gz")) {
                    extractCifar(file, target);
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : ": " + e.getMessage();
            tried.add("downloading: " + e.getClass().getSimpleName() + why);
            throw new Unavailable(instructions(name, target, sources, tried));
        }
        return new Outcome(target, "downloaded", name.load(target));
    }

    /** Installs Debian's Fashion-MNIST package; null on success, else why not. */
    private String installDebianPackage() {
        if (!mayInstall) {
            return "not permitted (--no-install)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (run: sudo apt-get install " + DEBIAN_PACKAGE + ")";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "apt-get is not available on this system";
        }
        log.accept("installing Debian's " + DEBIAN_PACKAGE + " with apt-get");
        if (run("apt-get", "install", "-y", "-q", DEBIAN_PACKAGE) == 0) {
            return null;
        }
        log.accept("apt-get install failed; updating the package lists and trying once more");
        if (run("apt-get", "update", "-q") == 0
                && run("apt-get", "install", "-y", "-q", DEBIAN_PACKAGE) == 0) {
            return null;
        }
        return "apt-get failed (its output is above)";
    }

    private static int run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Unpacks the .bin files of the official archive into dir/cifar-10-batches-bin. */
    static void extractCifar(Path archive, Path dir) throws IOException {
        Path out = dir.resolve(Cifar10.ARCHIVE_FOLDER);
        Files.createDirectories(out);
        int extracted = 0;
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = Path.of(e.getName()).getFileName().toString();
                if (e.isFile() && name.endsWith(".bin")) {
                    Files.copy(tar, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    extracted++;
                }
            }
        }
        if (extracted == 0) {
            throw new DataException(archive + ": the archive holds no .bin files");
        }
    }

    /** What the user must do, given what was tried. */
    static String instructions(DatasetName name, Path dir, List<Download> sources, List<String> tried) {
        StringBuilder s = new StringBuilder();
        s.append(name.id()).append(" is not in ").append(dir).append(" and could not be fetched here.\n");
        for (String t : tried) {
            s.append("  tried ").append(t).append('\n');
        }
        s.append("To get it:\n");
        if (name == DatasetName.FASHION_MNIST) {
            s.append("  - on Debian or Ubuntu: sudo apt-get install ").append(DEBIAN_PACKAGE)
                    .append(" (it installs into ").append(name.defaultDir()).append("), or\n");
        }
        s.append("  - on a machine with internet access, download\n");
        for (Download d : sources) {
            s.append("      ").append(d.url()).append("  (MD5 ").append(d.md5()).append(")\n");
        }
        if (name == DatasetName.CIFAR10) {
            s.append("    and unpack it: tar xzf cifar-10-binary.tar.gz -C ").append(dir).append('\n');
        } else {
            s.append("    into ").append(dir).append('\n');
        }
        s.append("Then check it with: adiv data check ").append(dir);
        if (name != DatasetName.CIFAR10) {
            s.append(" --dataset ").append(name.id());
        }
        return s.toString();
    }
}
