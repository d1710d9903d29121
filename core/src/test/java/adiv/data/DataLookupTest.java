package adiv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where data sets are looked for when no directory is given, and what a user is told when they are not. */
class DataLookupTest {

    @TempDir Path debian;
    @TempDir Path home;

    @Test
    void theDataHomeIsAdivDataElseHomeFromTheEnvironmentElseUserHome() {
        assertEquals(Path.of("/data/adiv"), Data.home(Map.of("ADIV_DATA", "/data/adiv", "HOME", "/home/u"), "/root"));
        assertEquals(Path.of("/home/u/.adiv/data"), Data.home(Map.of("HOME", "/home/u"), "/root"),
                "HOME wins over user.home, which comes from the password database");
        assertEquals(Path.of("/home/u/.adiv/data"), Data.home(Map.of("ADIV_DATA", " ", "HOME", "/home/u"), "/root"));
        assertEquals(Path.of("/root/.adiv/data"), Data.home(Map.of(), "/root"));
    }

    @Test
    void debiansRootIsAdivDebianDataElseUsrShareDatasets() {
        assertEquals(Path.of("/usr/share/datasets"), Data.debianRoot(Map.of()));
        assertEquals(Path.of("/srv/datasets"), Data.debianRoot(Map.of("ADIV_DEBIAN_DATA", "/srv/datasets")));
    }

    @Test
    void fashionMnistIsLookedForInDebiansDirectoryThenInTheDataHome() {
        assertEquals(List.of(debian.resolve("fashion-mnist"), home.resolve("fashion-mnist")),
                DatasetName.FASHION_MNIST.candidateDirs(debian, home));
        assertEquals(List.of(home.resolve("mnist")), DatasetName.MNIST.candidateDirs(debian, home),
                "Debian packages only Fashion-MNIST");
        assertEquals(List.of(home.resolve("cifar10")), DatasetName.CIFAR10.candidateDirs(debian, home));
    }

    @Test
    void theFirstDirectoryThatHoldsItIsUsed() throws IOException {
        DatasetName fm = DatasetName.FASHION_MNIST;
        List<Path> dirs = fm.candidateDirs(debian, home);
        assertEquals(Optional.empty(), fm.locate(dirs));

        TestFiles.idxDataset(home.resolve("fashion-mnist"), 10, 10, 2, 2, true);
        assertEquals(Optional.of(home.resolve("fashion-mnist")), fm.locate(dirs), "the data home when Debian's has none");

        TestFiles.idxDataset(debian.resolve("fashion-mnist"), 10, 10, 2, 2, false);
        assertEquals(Optional.of(debian.resolve("fashion-mnist")), fm.locate(dirs), "Debian's directory first");
    }

    @Test
    void anIncompleteDirectoryIsPassedOver() throws IOException {
        DatasetName fm = DatasetName.FASHION_MNIST;
        TestFiles.idxDataset(debian.resolve("fashion-mnist"), 10, 10, 2, 2, true);
        java.nio.file.Files.delete(debian.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        TestFiles.idxDataset(home.resolve("fashion-mnist"), 10, 10, 2, 2, true);
        assertEquals(Optional.of(home.resolve("fashion-mnist")), fm.locate(fm.candidateDirs(debian, home)));
    }

    @Test
    void whenNothingIsFoundTheMessageNamesEveryPlaceAndTheCommand() {
        assertEquals("fashion-mnist is not in " + debian.resolve("fashion-mnist") + " or " + home.resolve("fashion-mnist")
                        + "; get it with: adiv data get fashion-mnist",
                DatasetName.FASHION_MNIST.missingMessage(DatasetName.FASHION_MNIST.candidateDirs(debian, home)));
        assertEquals("cifar10 is not in " + home.resolve("cifar10") + "; get it with: adiv data get cifar10",
                DatasetName.CIFAR10.missingMessage(DatasetName.CIFAR10.candidateDirs(debian, home)));
    }

    @Test
    void aMirrorServesTheSameFileNamesWithThePublishedChecksums() {
        List<Download> published = Sources.fashionMnist();
        List<Download> mirrored = Sources.mirrored(published, "https://mirror.example.org/fmnist");
        assertEquals("https://mirror.example.org/fmnist/train-images-idx3-ubyte.gz", mirrored.get(0).url());
        assertEquals(published.get(0).md5(), mirrored.get(0).md5());
        assertEquals(published.get(0).contentMd5(), mirrored.get(0).contentMd5());
        assertEquals("http://127.0.0.1:8080/t10k-labels-idx1-ubyte.gz",
                Sources.mirrored(published, "http://127.0.0.1:8080/").get(3).url());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Sources.mirrored(published, "/srv/mirror"));
        assertTrue(e.getMessage().contains("--mirror must be an http:// or https:// URL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sources.mirrored(published, "ftp://mirror/x"));
    }
}
