package adiv.data;

import java.nio.file.Path;

/** The data sets adiv reads, with the directory each is looked for in by default. */
public enum DatasetName {
    /** Zalando's Fashion-MNIST; Debian's dataset-fashion-mnist package installs it. */
    FASHION_MNIST("fashion-mnist", Path.of("/usr/share/datasets/fashion-mnist")),
    /** LeCun's MNIST digits (same IDX layout). */
    MNIST("mnist", Data.home().resolve("mnist")),
    /** CIFAR-10, binary layout. */
    CIFAR10("cifar10", Data.home().resolve("cifar10"));

    private final String id;
    private final Path defaultDir;

    DatasetName(String id, Path defaultDir) {
        this.id = id;
        this.defaultDir = defaultDir;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Where the data set is looked for when no directory is given. */
    public Path defaultDir() {
        return defaultDir;
    }

    /** Loads and validates the data set from a directory (the default one when dir is null). */
    public RawDataset load(Path dir) {
        Path d = dir == null ? defaultDir : dir;
        return this == CIFAR10 ? Cifar10.load(d) : IdxImages.load(id, d);
    }

    /** Whether the data set's files are in the directory (the default one when dir is null). */
    public boolean present(Path dir) {
        Path d = dir == null ? defaultDir : dir;
        return this == CIFAR10 ? Cifar10.present(d) : IdxImages.present(d);
    }

    /** Parses a name such as "fashion-mnist" or "cifar10". */
    public static DatasetName parse(String name) {
        String key = name.trim().toLowerCase().replace("_", "-");
        for (DatasetName d : values()) {
            if (d.id.equals(key) || (d == CIFAR10 && key.equals("cifar-10"))) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown dataset '" + name + "': expected fashion-mnist, mnist or cifar10");
    }
}
