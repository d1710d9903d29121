package adiv.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Gets a data set: finds it where it is looked for, installs Debian's package (Fashion-MNIST, when
 * root with apt-get and permitted), or downloads the published files into the data home and checks
 * their MD5s, so that a user who is not root can get it too. When none of that works,
 * {@link Unavailable} says exactly what the user must run.
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

    static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    private final Consumer<String> log;
    private final boolean mayInstall;
    private final boolean mayDownload;
    private final Path debianRoot;
    private final Path home;

    /**
     * A fetcher for this machine's places ({@link Data#debianRoot()}, {@link Data#home()}).
     *
     * @param log receives one line per thing done
     * @param mayInstall whether Debian's package may be installed with apt-get
     * @param mayDownload whether the published files may be downloaded
     */
    public Fetcher(Consumer<String> log, boolean mayInstall, boolean mayDownload) {
        this(log, mayInstall, mayDownload, Data.debianRoot(), Data.home());
    }

    /** As the public constructor, with Debian's root and the data home given (for tests). */
    Fetcher(Consumer<String> log, boolean mayInstall, boolean mayDownload, Path debianRoot, Path home) {
        this.log = log;
        this.mayInstall = mayInstall;
        this.mayDownload = mayDownload;
        this.debianRoot = debianRoot;
        this.home = home;
    }

    /**
     * Gets the data set into dir; when dir is null, finds it in its candidate directories (Debian's,
     * then the data home's) or else gets it: Debian's package where permitted, else a download into
     * the data home.
     *
     * @throws Unavailable when it is not there and cannot be fetched here, a download's MD5 being
     *     wrong included
     * @throws DataException when files are there but invalid
     */
    public Outcome get(DatasetName name, Path dir, List<Download> sources, LongConsumer progress)
            throws Unavailable {
        List<Path> lookedIn = dir != null ? List.of(dir) : name.candidateDirs(debianRoot, home);
        Optional<Path> found = name.locate(lookedIn);
        if (found.isPresent()) {
            return new Outcome(found.get(), "present", name.load(found.get()));
        }
        Path target = dir != null ? dir : home.resolve(name.id());
        List<String> tried = new ArrayList<>();
        Optional<Path> debian = name.debianDir(debianRoot);
        boolean intoDebians = debian.isPresent()
                && (dir == null || debian.get().normalize().equals(dir.toAbsolutePath().normalize()));
        if (intoDebians) {
            String why = installDebianPackage();
            if (why == null && name.present(debian.get())) {
                return new Outcome(debian.get(), "installed " + DEBIAN_PACKAGE, name.load(debian.get()));
            }
            why = why == null ? "it did not provide the files in " + debian.get() : why;
            log.accept("not using Debian's " + DEBIAN_PACKAGE + ": " + why);
            tried.add("installing Debian's " + DEBIAN_PACKAGE + ": " + why);
        }
        FetchHelp help =
                new FetchHelp(name, lookedIn, target, dir != null, sources, debianRoot.equals(Data.DEBIAN_DATA));
        if (!mayDownload) {
            tried.add("downloading: not permitted (--no-download)");
            throw new Unavailable(help.text(tried));
        }
        for (Download d : sources) {
            try {
                download(d, target, progress);
            } catch (IOException e) {
                String why = e.getMessage() == null ? "" : ": " + e.getMessage();
                tried.add("downloading " + d.url() + ": " + e.getClass().getSimpleName() + why);
                throw new Unavailable(help.text(tried));
            } catch (DataException e) {
                tried.add("downloading: " + e.getMessage());
                throw new Unavailable(help.text(tried));
            }
        }
        return new Outcome(target, "downloaded", name.load(target));
    }

    /** Downloads one file into target (keeping it when already there and matching), unpacking an archive. */
    private void download(Download d, Path target, LongConsumer progress) throws IOException {
        Path file = target.resolve(d.fileName());
        if (Files.isRegularFile(file) && d.mismatch(file) == null) {
            log.accept("already have " + file + " (" + d.checksums() + ")");
        } else {
            log.accept("downloading " + d.url());
            file = d.to(target, progress);
            log.accept("verified " + file + " (" + d.checksums() + ")");
        }
        if (file.getFileName().toString().endsWith(".tar.gz")) {
            extractCifar(file, target);
            Files.delete(file);
        }
    }

    /** Installs Debian's Fashion-MNIST package; null on success, else why not. */
    private String installDebianPackage() {
        if (!mayInstall) {
            return "not permitted (--no-install or ADIV_NO_INSTALL=1)";
        }
        if (!debianRoot.equals(Data.DEBIAN_DATA)) {
            return "skipped: ADIV_DEBIAN_DATA names " + debianRoot + ", and the package installs into "
                    + Data.DEBIAN_DATA;
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
}
