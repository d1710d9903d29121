package adiv.cli;

import adiv.data.Cifar10;
import adiv.data.DatasetName;
import adiv.data.Download;
import adiv.data.Fetcher;
import adiv.data.IdxImages;
import adiv.data.RawDataset;
import adiv.data.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adiv data get|check}: getting data sets and checking directories. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Get a data set, or check a directory of one.",
        subcommands = {DataCommand.Get.class, DataCommand.Check.class, DataCommand.Shaped.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: get, check or shaped");
    }

    /** A data set's counts, for both subcommands' output. */
    static Map<String, Object> describe(String dataset, RawDataset raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("dir", raw.source());
        m.put("train", raw.train().size());
        m.put("test", raw.test().size());
        m.put("channels", raw.channels());
        m.put("height", raw.height());
        m.put("width", raw.width());
        m.put("classes", raw.classes());
        m.put("train_per_class", RawDataset.classCounts(raw.train(), raw.classes()));
        m.put("test_per_class", RawDataset.classCounts(raw.test(), raw.classes()));
        return m;
    }

    /** How both subcommands print a data set's counts: as JSON, or as text. */
    static final class Counts {

        private Counts() {}

        /**
         * Prints {@link #describe}'s counts; as text, they follow "DATASET: ACTION" where they hold
         * what was done to get the data set.
         */
        static void print(PrintWriter out, Map<String, Object> d, boolean json) {
            if (json) {
                Output.json(out, d);
                return;
            }
            if (d.containsKey("action")) {
                out.println(d.get("dataset") + ": " + d.get("action"));
            }
            out.printf(
                    "%s in %s: %,d training and %,d test images, %dx%dx%d, %d classes%n",
                    d.get("dataset"), d.get("dir"), (Integer) d.get("train"), (Integer) d.get("test"),
                    (Integer) d.get("channels"), (Integer) d.get("height"), (Integer) d.get("width"),
                    (Integer) d.get("classes"));
            out.println("  training images per class: " + Arrays.toString((int[]) d.get("train_per_class")));
            out.println("  test images per class:     " + Arrays.toString((int[]) d.get("test_per_class")));
            out.flush();
        }
    }

    /** {@code adiv data get NAME}. */
    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = {
                "Makes a data set available. Without --dir it looks in Debian's directory"
                    + " ($ADIV_DEBIAN_DATA/NAME, default /usr/share/datasets, fashion-mnist only) and then"
                    + " in the data home ($ADIV_DATA/NAME, default ~/.adiv/data/NAME); when it is in"
                    + " neither it installs Debian's package (fashion-mnist, as root with apt-get, unless"
                    + " --no-install or ADIV_NO_INSTALL=1), or else downloads the published files into"
                    + " the data home and checks their MD5s. Otherwise it says what to run. Exit status 1"
                    + " when it cannot be fetched (a download with a wrong MD5 included)."
            })
    static final class Get extends ResultCommand {

        @Parameters(index = "0", description = "fashion-mnist, mnist or cifar10")
        String name;

        @Option(names = "--dir", description = "Directory to put it in (default: where it is, else the data home).")
        Path dir;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Fetch the published files from URL/FILE (a mirror, such as an institution's)"
                        + " instead of the publisher's address; their published MD5s are still checked.")
        String mirror;

        @Option(names = "--no-install", description = "Do not install Debian's package (also: ADIV_NO_INSTALL=1).")
        boolean noInstall;

        @Option(names = "--no-download", description = "Do not download.")
        boolean noDownload;

        @Override
        public Integer call() {
            DatasetName dataset = DatasetName.parse(name);
            List<Download> sources = Sources.of(dataset);
            if (mirror != null) {
                sources = Sources.mirrored(sources, mirror);
            }
            PrintWriter err = spec.commandLine().getErr();
            Fetcher fetcher =
                    new Fetcher(
                            line -> {
                                err.println("adiv data get: " + line);
                                err.flush();
                            },
                            !noInstall && !"1".equals(System.getenv("ADIV_NO_INSTALL")),
                            !noDownload);
            Fetcher.Outcome outcome;
            try {
                outcome = fetcher.get(dataset, dir, sources, new DownloadProgress(err));
            } catch (Fetcher.Unavailable e) {
                err.println("adiv: " + e.getMessage());
                err.flush();
                return Main.FAILED;
            }
            Map<String, Object> d = describe(dataset.id(), outcome.data());
            d.put("action", outcome.action());
            Counts.print(spec.commandLine().getOut(), d, json);
            return 0;
        }
    }

    /** {@code adiv data check DIR}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Validates a data set directory (every file's size, format and labels) and prints"
                    + " its counts. Exit status 2, with the file at fault named, when it is not valid."
            })
    static final class Check extends ResultCommand {

        @Parameters(index = "0", description = "The directory.")
        Path dir;

        @Option(names = "--dataset", description = "fashion-mnist, mnist or cifar10 (default: recognised from the files).")
        String dataset;

        @Override
        public Integer call() {
            DatasetName name = dataset != null ? DatasetName.parse(dataset) : recognise(dir);
            RawDataset raw = name.load(dir);
            String label = dataset == null && name != DatasetName.CIFAR10 ? "idx images (mnist or fashion-mnist)" : name.id();
            Counts.print(spec.commandLine().getOut(), describe(label, raw), json);
            return 0;
        }

        private static DatasetName recognise(Path dir) {
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new UserError(dir + ": directory not found");
            }
            if (Cifar10.present(dir) || java.nio.file.Files.isDirectory(dir.resolve(Cifar10.ARCHIVE_FOLDER))
                    || java.nio.file.Files.exists(dir.resolve(Cifar10.TEST_FILE))
                    || java.nio.file.Files.exists(dir.resolve(Cifar10.TRAIN_FILES[0]))) {
                return DatasetName.CIFAR10;
            }
            if (IdxImages.present(dir) || java.nio.file.Files.exists(dir.resolve(IdxImages.FILES[0] + ".gz"))
                    || java.nio.file.Files.exists(dir.resolve(IdxImages.FILES[0]))) {
                return DatasetName.FASHION_MNIST;
            }
            throw new UserError(
                    dir + ": neither CIFAR-10 (data_batch_1.bin ... test_batch.bin) nor IDX image"
                            + " files (train-images-idx3-ubyte[.gz] ...) found; name the data set"
                            + " with --dataset to see what is missing");
        }
    }

    /** {@code adiv data shaped cifar10 DIR}. */
    @Command(
            name = "shaped",
            mixinStandardHelpOptions = true,
            description = {
                "Writes random data shaped as CIFAR-10 (its official binary layout, 50,000 + 10,000 records) into DIR,"
                    + " for planning where CIFAR-10 cannot be downloaded: `adiv replicate --dataset cifar10 --data-dir DIR"
                    + " --dry-run --cores N` times its steps and measures its workers' memory. Accuracies trained on it"
                    + " mean nothing."
            })
    static final class Shaped extends ResultCommand {

        @Parameters(index = "0", description = "The data set: cifar10.")
        String dataset;

        @Parameters(index = "1", description = "The directory to write (made if absent; must not hold a data set).")
        Path dir;

        @Override
        public Integer call() throws java.io.IOException {
            if (DatasetName.parse(dataset) != DatasetName.CIFAR10) {
                throw new UserError("adiv data shaped writes cifar10 only (Fashion-MNIST is on every machine), got '"
                        + dataset + "'");
            }
            if (Cifar10.present(dir)) {
                throw new UserError(dir + ": already holds CIFAR-10's files; name an empty directory");
            }
            Cifar10.writeShaped(dir, 1);
            RawDataset raw = DatasetName.CIFAR10.load(dir);
            Counts.print(spec.commandLine().getOut(), describe("cifar10-shaped (random)", raw), json);
            return 0;
        }
    }
}
