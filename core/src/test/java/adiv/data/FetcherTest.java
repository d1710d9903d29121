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
        DataException e =
                assertThrows(
                        DataException.class,
                        () -> new Fetcher(log::add, false, true).get(DatasetName.MNIST, target, sources, b -> {}));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 00000000000000000000000000000000"), e.getMessage());
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
        assertTrue(e.getMessage().contains("tried downloading: ConnectException"), e.getMessage());
        assertTrue(e.getMessage().contains("MD5 " + Cifar10.ARCHIVE_MD5), e.getMessage());
        assertTrue(e.getMessage().contains("tar xzf cifar-10-binary.tar.gz -C " + target), e.getMessage());
        assertTrue(e.getMessage().contains("adiv data check " + target), e.getMessage());

        Fetcher.Unavailable offline =
                assertThrows(
                        Fetcher.Unavailable.class,
                        () -> new Fetcher(log::add, false, false).get(DatasetName.FASHION_MNIST, target, idxSources(), b -> {}));
        assertTrue(offline.getMessage().contains("apt-get install dataset-fashion-mnist"), offline.getMessage());
        assertTrue(offline.getMessage().contains("not permitted (--no-download)"), offline.getMessage());
    }
}
