package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root launcher {@code ./adiv} on a root machine without Fashion-MNIST: it installs Debian's
 * package only for a command that trains on it, after saying so; {@code --help}, {@code --version}
 * and every other command run no package manager. A fake apt-get on the PATH records each call (and
 * a fake id says root, whoever runs the test; a fake mvn keeps the launcher from building).
 */
class LauncherTest {

    @TempDir Path dir;
    private Path aptLog;

    @BeforeEach
    void fakes() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        aptLog = dir.resolve("apt-get.log");
        script(bin.resolve("apt-get"), "echo \"apt-get $*\" >> '" + aptLog + "'\nexit 0\n");
        script(bin.resolve("id"), "if [ \"${1:-}\" = -u ]; then echo 0; else exec /usr/bin/id \"$@\"; fi\n");
        // No build from inside a test (Maven is running it): where the jar is stale the launcher stops
        // at the build, after its data step, which is what is tested.
        script(bin.resolve("mvn"), "echo 'no build in this test' >&2\nexit 1\n");
        Files.createDirectories(dir.resolve("debian"));
        Files.createDirectories(dir.resolve("home"));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs ./adiv with the fakes first on the PATH and no data set anywhere; returns its stderr. */
    private String launch(boolean noInstall, String... args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("adiv").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("ADIV_DEBIAN_DATA", dir.resolve("debian").toString());
        pb.environment().put("ADIV_APT_DATA", dir.resolve("debian").toString()); // where the package would install
        pb.environment().put("ADIV_DATA", dir.resolve("home").toString());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("ADIV_QUIET_BUILD", "1");
        if (noInstall) {
            pb.environment().put("ADIV_NO_INSTALL", "1");
        } else {
            pb.environment().remove("ADIV_NO_INSTALL");
        }
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher ended");
        return err;
    }

    private String aptCalls() throws IOException {
        return Files.exists(aptLog) ? Files.readString(aptLog) : "";
    }

    @Test
    void helpVersionAndCommandsThatDoNotTrainRunNoPackageManager() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"--version"}, {"-h"}, {"train", "--help"}, {"replicate", "-h"},
                {"methods"}, {"preset", "list"}, {"train", "--dataset", "cifar10", "--epochs", "1"}}) {
            launch(false, args);
            assertEquals("", aptCalls(), "./adiv " + String.join(" ", args) + " ran apt-get");
        }
        launch(true, "train", "--epochs", "1");
        assertEquals("", aptCalls(), "ADIV_NO_INSTALL=1");
    }

    @Test
    void aCommandThatTrainsOnTheMissingDataSetSaysSoAndInstallsIt() throws Exception {
        String err = launch(false, "train", "--epochs", "1");
        assertTrue(aptCalls().contains("apt-get install -y -qq dataset-fashion-mnist"), aptCalls());
        assertTrue(err.contains("installing Debian's dataset-fashion-mnist with apt-get (ADIV_NO_INSTALL=1 skips this)"), err);
    }
}
