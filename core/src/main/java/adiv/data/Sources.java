package adiv.data;

import java.net.URI;
import java.util.List;

/** Where each data set is published, with the MD5 its publisher gives for each file. */
public final class Sources {

    private Sources() {}

    /**
     * Zalando's published Fashion-MNIST files: the MD5s Zalando gives for the .gz files, and the MD5s
     * of their uncompressed content (the ones other tools check). Debian's dataset-fashion-mnist
     * compresses the same content again, so its .gz files have other MD5s; the content's MD5s let a
     * mirror filled from Debian's package be verified too.
     */
    public static List<Download> fashionMnist() {
        String base = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
        return List.of(
                new Download(base + "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "train-images-idx3-ubyte.gz", "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
                new Download(base + "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", "train-labels-idx1-ubyte.gz", "9018921c3c673c538a1fc5bad174d6f9"),
                new Download(base + "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "t10k-images-idx3-ubyte.gz", "8181f5470baa50b63fa0f6fddb340f0a"),
                new Download(base + "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", "t10k-labels-idx1-ubyte.gz", "15d484375f8d13e6eb1aabb0c3f46965"));
    }

    /** MNIST, from the mirror PyTorch's datasets use, with the original files' MD5s. */
    public static List<Download> mnist() {
        String base = "https://ossci-datasets.s3.amazonaws.com/mnist/";
        return List.of(
                new Download(base + "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", "train-images-idx3-ubyte.gz"),
                new Download(base + "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", "train-labels-idx1-ubyte.gz"),
                new Download(base + "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", "t10k-images-idx3-ubyte.gz"),
                new Download(base + "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", "t10k-labels-idx1-ubyte.gz"));
    }

    /** The official CIFAR-10 binary archive. */
    public static List<Download> cifar10() {
        return List.of(new Download(Cifar10.ARCHIVE_URL, Cifar10.ARCHIVE_MD5, "cifar-10-binary.tar.gz"));
    }

    /**
     * The same files from a mirror: URL/FILE for each, still checked against the published MD5s.
     *
     * @throws IllegalArgumentException when the mirror is not an http:// or https:// URL
     */
    public static List<Download> mirrored(List<Download> files, String mirror) {
        String scheme;
        try {
            scheme = String.valueOf(URI.create(mirror).getScheme()).toLowerCase();
        } catch (IllegalArgumentException e) {
            scheme = "";
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "--mirror must be an http:// or https:// URL (the files are fetched from URL/FILE), got '"
                            + mirror + "'");
        }
        return files.stream().map(d -> d.from(mirror)).toList();
    }

    /** The published files of a data set. */
    public static List<Download> of(DatasetName name) {
        switch (name) {
            case FASHION_MNIST:
                return fashionMnist();
            case MNIST:
                return mnist();
            default:
                return cifar10();
        }
    }
}
