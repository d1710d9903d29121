package adiv.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data sets adiv reads, and where each is looked for when no directory is given: Debian's
 * directory first (Fashion-MNIST only, which Debian packages; only root can install it), then the
 * data home that {@code adiv data get} downloads into (any user can fill it). See {@link Data}.
 */
public enum DatasetName {
    /** Zalando's Fashion-MNIST; Debian's dataset-fashion-mnist package installs it. */
    FASHION_MNIST("fashion-mnist", true),
    /** LeCun's MNIST digits (same IDX layout). */
    MNIST("mnist", false),
    /** CIFAR-10, binary layout. */
    CIFAR10("cifar10", false);

    private final String id;
    private final boolean debianPackaged;

    DatasetName(String id, boolean debianPackaged) {
        this.id = id;
        this.debianPackaged = debianPackaged;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** How many classes its labels take (ten for each: chance accuracy is 1/10). */
    public int classes() {
        return 10;
    }

    /**
     * The directories looked in when none is given, in order: $ADIV_DEBIAN_DATA/ID (default
     * /usr/share/datasets, for Fashion-MNIST only), then the data home's ID directory.
     */
    public List<Path> candidateDirs() {
        return candidateDirs(Data.debianRoot(), Data.home());
    }

    /** As {@link #candidateDirs()}, for the given Debian root and data home. */
    List<Path> candidateDirs(Path debianRoot, Path home) {
        List<Path> dirs = new ArrayList<>();
        debianDir(debianRoot).ifPresent(dirs::add);
        dirs.add(home.resolve(id));
        return dirs;
    }

    /** Debian's directory for this data set under the given root, if Debian packages it. */
    Optional<Path> debianDir(Path debianRoot) {
        return debianPackaged ? Optional.of(debianRoot.resolve(id)) : Optional.empty();
    }

    /** The first of {@link #candidateDirs()} that holds the data set, if any does. */
    public Optional<Path> locate() {
        return locate(candidateDirs());
    }

    /** The first of the given directories that holds the data set, if any does. */
    Optional<Path> locate(List<Path> dirs) {
        return dirs.stream().filter(this::present).findFirst();
    }

    /**
     * Where {@code adiv data get} downloads this data set when no directory is given: the data home's
     * ID directory ($ADIV_DATA/ID, else $HOME/.adiv/data/ID), which the user can write.
     */
    public Path homeDir() {
        return Data.home().resolve(id);
    }

    /**
     * The directory used when none is given: where the data set is ({@link #locate()}), else where
     * {@code adiv data get} would put it ({@link #homeDir()}). It looks at the disk on every call; a
     * caller that must know whether the data set is there uses {@link #locate()}.
     */
    public Path defaultDir() {
        return locate().orElseGet(this::homeDir);
    }

    /**
     * One line for a user whose data set is in none of {@link #candidateDirs()}, saying where it was
     * looked for and the command that gets it.
     */
    public String missingMessage() {
        return missingMessage(candidateDirs());
    }

    /** As {@link #missingMessage()}, for the given directories. */
    String missingMessage(List<Path> dirs) {
        return id + " is not in " + dirs.stream().map(Path::toString).collect(Collectors.joining(" or "))
                + "; get it with: adiv data get " + id;
    }

    /**
     * Loads and validates the data set from a directory; when dir is null, from the first of
     * {@link #candidateDirs()} that holds it.
     *
     * @throws DataException naming the file at fault, or with {@link #missingMessage()} when dir is
     *     null and the data set is in none of the candidate directories
     */
    public RawDataset load(Path dir) {
        Path d = dir != null ? dir : locate().orElseThrow(() -> new DataException(missingMessage()));
        return this == CIFAR10 ? Cifar10.load(d) : IdxImages.load(id, d);
    }

    /**
     * Whether the data set's files are in the directory; when dir is null, whether they are in any
     * of {@link #candidateDirs()}.
     */
    public boolean present(Path dir) {
        if (dir == null) {
            return locate().isPresent();
        }
        return this == CIFAR10 ? Cifar10.present(dir) : IdxImages.present(dir);
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
