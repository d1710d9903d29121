package adiv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Getting data: downloads from a server on the loopback address (serving files made here), MD5
 * verification, the official archive's unpacking, and the instructions when nothing works.
 */
class FetcherTest {

    @TempDir Path served;
    @TempDir Path target;
    private HttpServer server;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    Path file = served.resolve(exchange.getRequestURI().getPath().substring(1));
                    if (!Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    exchange.sendResponseHeaders(200, Files.size(file));
                    try (OutputStream out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private List<Download> idxSources() throws IOException {
        TestFiles.idxDataset(served, 20, 10, 3, 3, true);
        List<Download> sources = new ArrayList<>();
        for (String f : IdxImages.FILES) {
            String name = f + ".gz";
            sources.add(new Download(url(name), Download.md5Of(served.resolve(name)), name));
        }
        return sources;
    }

    @Test
    void downloadsVerifiesAndLoads() throws Exception {
        Path dir = target.resolve("fm");
        Fetcher.Outcome o = new Fetcher(log::add, false, true).get(DatasetName.FASHION_MNIST, dir, idxSources(), b -> {});
        assertEquals("downloaded", o.action());
        assertEquals(20, o.data().train().size());
        assertEquals(4, log.stream().filter(l -> l.startsWith("verified")).count());
        // A second get finds it.
        assertEquals("present", new Fetcher(log::add, false, true).get(DatasetName.FASHION_MNIST, dir, idxSources(), b -> {}).action());
    }

    @Test
    void aWrongMd5IsRefusedAndNothingIsLeftBehind() throws Exception {
        List<Download> sources = new ArrayList<>(idxSources());
        Download first = sources.get(0);
        sources.set(0, new Download(first.url(), "00000000000000000000000000000000", first.fileName()));
        String found = Download.md5Of(served.resolve(first.fileName()));
        Fetcher.Unavailable e =
                assertThrows(
                        Fetcher.Unavailable.class,
                        () -> new Fetcher(log::add, false, true).get(DatasetName.MNIST, target, sources, b -> {}));
        assertTrue(e.getMessage().contains(target.resolve(first.fileName()) + ": downloaded from " + first.url()), e.getMessage());
        assertTrue(e.getMessage().contains("its MD5 is " + found + ", expected 00000000000000000000000000000000"), e.getMessage());
        try (var files = Files.list(target)) {
            assertEquals(0, files.count(), "no partial or unverified file may remain");
        }
    }

    @Test
    void theCifarArchiveIsUnpackedIntoItsFolder() throws Exception {
        Path archive = served.resolve("cifar-10-binary.tar.gz");
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
            for (String name : new String[] {"batches.meta.txt", "data_batch_1.bin", "test_batch.bin"}) {
                byte[] content = name.getBytes();
                TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/" + name);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        Fetcher.extractCifar(archive, target);
        Path out = target.resolve(Cifar10.ARCHIVE_FOLDER);
        assertEquals("test_batch.bin", Files.readString(out.resolve("test_batch.bin")));
        assertTrue(Files.exists(out.resolve("data_batch_1.bin")));
        assertFalse(Files.exists(out.resolve("batches.meta.txt")));
    }

    @Test
    void whenNothingWorksTheInstructionsSayWhatToDo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<Download> unreachable =
                List.of(new Download("http://127.0.0.1:" + closedPort + "/cifar-10-binary.tar.gz", Cifar10.ARCHIVE_MD5, "cifar-10-binary.tar.gz"));
        Fetcher.Unavailable e =
                assertThrows(
                        Fetcher.Unavailable.class,
                        () -> new Fetcher(log::add, false, true).get(DatasetName.CIFAR10, target, unreachable, b -> {}));
        assertTrue(e.getMessage().contains("tried downloading " + unreachable.get(0).url() + ": ConnectException"), e.getMessage());
        assertTrue(e.getMessage().contains("MD5 " + Cifar10.ARCHIVE_MD5), e.getMessage());
        assertTrue(e.getMessage().contains("mkdir -p " + target + " && cd " + target + " && curl -fL \\\n      -O "
                + unreachable.get(0).url() + " \\\n      && tar xzf cifar-10-binary.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("adiv data get cifar10 --dir " + target + " --mirror URL"), e.getMessage());
        assertTrue(e.getMessage().contains("adiv data check " + target), e.getMessage());

        Fetcher.Unavailable offline =
                assertThrows(
                        Fetcher.Unavailable.class,
                        () -> new Fetcher(log::add, false, false, Data.DEBIAN_DATA, target)
                                .get(DatasetName.FASHION_MNIST, target, idxSources(), b -> {}));
        assertTrue(offline.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), offline.getMessage());
        assertTrue(offline.getMessage().contains("not permitted (--no-download)"), offline.getMessage());
    }

    @Test
    void withoutADirectoryItIsFoundInTheDataHome() throws Exception {
        Path debian = target.resolve("debian");
        Path home = target.resolve("home");
        TestFiles.idxDataset(home.resolve("fashion-mnist"), 20, 10, 3, 3, true);
        Fetcher.Outcome o = new Fetcher(log::add, true, false, debian, home)
                .get(DatasetName.FASHION_MNIST, null, idxSources(), b -> {});
        assertEquals("present", o.action());
        assertEquals(home.resolve("fashion-mnist"), o.dir());
    }

    /** A user who is not root (or may not install): the files go into the data home, verified. */
    @Test
    void withoutADirectoryItIsDownloadedIntoTheDataHome() throws Exception {
        Path debian = target.resolve("debian");
        Path home = target.resolve("home");
        Fetcher.Outcome o = new Fetcher(log::add, true, true, debian, home)
                .get(DatasetName.FASHION_MNIST, null, idxSources(), b -> {});
        assertEquals("downloaded", o.action());
        assertEquals(home.resolve("fashion-mnist"), o.dir());
        assertEquals(20, o.data().train().size());
        assertTrue(log.contains("not using Debian's dataset-fashion-mnist: skipped: ADIV_DEBIAN_DATA names " + debian
                + ", and the package installs into /usr/share/datasets"), log.toString());
        assertFalse(Files.exists(debian), "nothing is written into Debian's directory");

        log.clear();
        new Fetcher(log::add, false, true, debian, home).get(DatasetName.FASHION_MNIST, null, idxSources(), b -> {});
        assertEquals(List.of(), log, "a second get finds it and does nothing");
    }

    @Test
    void aVerifiedFileAlreadyThereIsKept() throws Exception {
        List<Download> sources = idxSources();
        Path dir = target.resolve("fm");
        sources.get(0).to(dir, b -> {});
        new Fetcher(log::add, false, true).get(DatasetName.FASHION_MNIST, dir, sources, b -> {});
        assertTrue(log.contains("already have " + dir.resolve(sources.get(0).fileName()) + " (MD5 " + sources.get(0).md5() + ")"),
                log.toString());
        assertEquals(3, log.stream().filter(l -> l.startsWith("downloading")).count(), log.toString());
    }

    /** Debian's package (and a mirror filled from it) compresses the same content again. */
    @Test
    void aRecompressedCopyIsAcceptedByItsContentsMd5AndOtherContentIsRefused() throws Exception {
        Download d = idxSources().get(1);
        Path raw = served.resolve("raw");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(served.resolve(d.fileName())))) {
            Files.copy(in, raw);
        }
        String content = Download.md5Of(raw);
        String otherGz = "0123456789abcdef0123456789abcdef";
        Download recompressed = new Download(d.url(), otherGz, d.fileName(), content);
        Path file = recompressed.to(target, b -> {});
        assertEquals(null, recompressed.mismatch(file));
        assertEquals("MD5 " + otherGz + " or uncompressed MD5 " + content, recompressed.checksums());

        Download other = new Download(d.url(), otherGz, d.fileName(), "11111111111111111111111111111111");
        DataException e = assertThrows(DataException.class, () -> other.to(target.resolve("other"), b -> {}));
        assertTrue(e.getMessage().contains("its MD5 is " + d.md5() + ", expected " + otherGz
                + ", and its uncompressed content's MD5 is " + content + ", expected 11111111111111111111111111111111"),
                e.getMessage());
        assertFalse(Files.exists(target.resolve("other").resolve(d.fileName())));
        assertFalse(Files.exists(target.resolve("other").resolve(d.fileName() + ".part")));
    }

    @Test
    void withoutADirectoryTheInstructionsNameBothPlacesAndTheCommands() throws Exception {
        Path debian = target.resolve("debian");
        Path home = target.resolve("home");
        List<Download> sources = idxSources();
        Fetcher.Unavailable e =
                assertThrows(
                        Fetcher.Unavailable.class,
                        () -> new Fetcher(log::add, false, false, debian, home)
                                .get(DatasetName.FASHION_MNIST, null, sources, b -> {}));
        String m = e.getMessage();
        Path dir = home.resolve("fashion-mnist");
        assertTrue(m.startsWith("fashion-mnist is not in " + debian.resolve("fashion-mnist") + " or " + dir
                + " and could not be fetched here."), m);
        assertTrue(m.contains("tried installing Debian's dataset-fashion-mnist: not permitted (--no-install or ADIV_NO_INSTALL=1)"), m);
        assertTrue(m.contains("\n  adiv data get fashion-mnist --mirror URL\n"), m);
        assertTrue(m.contains("\n  mkdir -p " + dir + " && cd " + dir + " && curl -fL \\\n      -O " + sources.get(0).url()), m);
        assertTrue(m.contains("Then check it with: adiv data check " + dir + " --dataset fashion-mnist"), m);
        assertFalse(m.contains("apt-get install"), "Debian's package would not install where adiv looks: " + m);
        assertEquals("'/a b/it'\\''s'", FetchHelp.shell("/a b/it's"));
    }
}
