package adiv.data;

import java.util.List;

/** Where each data set is published, with the MD5 its publisher gives for each file. */
public final class Sources {

    private Sources() {}

    /** Zalando's published Fashion-MNIST files. */
    public static List<Download> fashionMnist() {
        String base = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
        return List.of(
                new Download(base + "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "train-images-idx3-ubyte.gz"),
                new Download(base + "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", "train-labels-idx1-ubyte.gz"),
                new Download(base + "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "t10k-images-idx3-ubyte.gz"),
                new Download(base + "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", "t10k-labels-idx1-ubyte.gz"));
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
