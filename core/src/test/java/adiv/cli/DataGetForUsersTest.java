package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import adiv.data.Download;
import adiv.data.Sources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance: a user without Debian's data set (ADIV_DEBIAN_DATA an empty directory)
 * who may not install (ADIV_NO_INSTALL=1) gets Fashion-MNIST into ~/.adiv/data with {@code adiv
 * data get --mirror}, and {@code adiv train} finds it there. The CLI runs in child JVMs because
 * only a fresh process can have its own HOME and ADIV_* variables. A server on the loopback address
 * serves the real files of Debian's package.
 */
class DataGetForUsersTest {

    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir Path home;
    @TempDir Path emptyDebian;
    private HttpServer server;
    /** Files served with other bytes than Debian's, by name. */
    private final Map<String, byte[]> replaced = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        assumeTrue(Files.isRegularFile(DEBIAN.resolve("train-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist is not installed");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String name = exchange.getRequestURI().getPath().substring(1);
                    Path file = DEBIAN.resolve(name);
                    if (name.contains("/") || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    byte[] other = replaced.get(name);
                    exchange.sendResponseHeaders(200, other != null ? other.length : Files.size(file));
                    try (OutputStream out = exchange.getResponseBody()) {
                        if (other != null) {
                            out.write(other);
                        } else {
                            Files.copy(file, out);
                        }
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    record Result(int code, String out, String err) {}

    /** Runs adiv in a child JVM as a user with this HOME, no Debian data set, and no installing. */
    private Result adiv(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("adiv-out", ".txt");
        Path err = Files.createTempFile("adiv-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("ADIV_DATA");
            pb.environment().put("HOME", home.toString());
            pb.environment().put("ADIV_NO_INSTALL", "1");
            pb.environment().put("ADIV_DEBIAN_DATA", emptyDebian.toString());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("adiv " + String.join(" ", args) + " ran over 5 minutes");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Debian compresses the published content again: its .gz files have other MD5s than Zalando's,
     * and are verified by their content's published MD5s.
     */
    @Test
    void debiansFilesHaveThePublishedContent() throws IOException {
        for (Download d : Sources.fashionMnist()) {
            Path file = DEBIAN.resolve(d.fileName());
            assertNull(d.mismatch(file), file.toString());
        }
    }

    @Test
    void aUserGetsFashionMnistIntoTheDataHomeFromAMirrorAndTrainsOnIt() throws Exception {
        Path dir = home.resolve(".adiv/data/fashion-mnist");
        Result get = adiv("data", "get", "fashion-mnist", "--mirror", mirror(), "--json");
        assertEquals(0, get.code(), get.err());
        JsonNode got = new ObjectMapper().readTree(get.out());
        assertEquals("downloaded", got.get("action").asText());
        assertEquals(60000, got.get("train").asInt());
        assertEquals(dir.toString(), got.get("dir").asText());
        assertTrue(get.err().contains("not using Debian's dataset-fashion-mnist: not permitted"), get.err());
        for (Download d : Sources.fashionMnist()) {
            assertTrue(Files.isRegularFile(dir.resolve(d.fileName())), d.fileName());
            assertFalse(Files.exists(dir.resolve(d.fileName() + ".part")), d.fileName() + ".part");
        }

        Result again = adiv("data", "get", "fashion-mnist");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("fashion-mnist: present"), again.out());

        Result train = adiv("train", "--dataset", "fashion-mnist", "--epochs", "1", "--width", "16", "--depth", "1",
                "--json");
        assertEquals(0, train.code(), train.err());
        JsonNode run = new ObjectMapper().readTree(train.out());
        assertEquals(dir.toString(), run.get("config").get("data_dir").asText());
        double acc = run.get("epochs").get(0).get("test_acc").asDouble();
        assertTrue(acc > 0.5 && acc <= 1, "test accuracy " + acc);
    }

    @Test
    void aCorruptedDownloadIsRefusedWithBothChecksumsAndNothingThatLooksComplete() throws Exception {
        String name = "t10k-labels-idx1-ubyte.gz";
        byte[] bytes = Files.readAllBytes(DEBIAN.resolve(name));
        bytes[bytes.length / 2] ^= 0x01;
        replaced.put(name, bytes);
        Path corrupted = Files.write(home.resolve("corrupted.gz"), bytes);
        String found = Download.md5Of(corrupted);
        Files.delete(corrupted);

        Result get = adiv("data", "get", "fashion-mnist", "--mirror", mirror());
        assertEquals(Main.FAILED, get.code(), get.err());
        Path dir = home.resolve(".adiv/data/fashion-mnist");
        assertTrue(get.err().contains(dir.resolve(name) + ": downloaded from " + mirror() + name), get.err());
        assertTrue(get.err().contains("its MD5 is " + found + ", expected bb300cfdad3c16e7a12a480ee83cd310"), get.err());
        assertTrue(get.err().contains("adiv data get fashion-mnist --mirror URL"), get.err());
        assertFalse(get.err().contains("\tat "), "no stack trace: " + get.err());
        assertFalse(Files.exists(dir.resolve(name)), "the corrupted file was kept");
        assertFalse(Files.exists(dir.resolve(name + ".part")), "the partial file was kept");

        Result train = adiv("train", "--dataset", "fashion-mnist", "--epochs", "1");
        assertEquals(Main.BAD_INPUT, train.code(), train.err());
        assertTrue(train.err().contains("adiv: fashion-mnist is not in " + emptyDebian.resolve("fashion-mnist") + " or "
                + dir + "; get it with: adiv data get fashion-mnist"), train.err());
    }
}
