package adiv.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data set's bytes in one file per machine, made once under the data home ({@link Data#cache()}:
 * $ADIV_CACHE, else {@code cache/} in the data home) and mapped read-only by every process that trains on it: the pages are the
 * operating system's page cache, held once however many workers read them, where each worker used to
 * hold its own float32 copy (CIFAR-10's training set: 150 MB of bytes against 614 MB of floats per
 * worker).
 *
 * <p>The file: a 64-byte header ("ADIVU8", the format, channels, height, width, classes, training and
 * test examples, little-endian ints), then the training pixels, the training labels, the test pixels
 * and the test labels. Beside it, {@code NAME.json} records its size and SHA-256, written only once
 * the file is complete. Before any use the file's size and hash are checked against that record; a
 * file that fails (partial, corrupt, or without its record) is made again from the data set, never
 * trained on. The file's name carries a hash of where the data set was read from and of its files'
 * names, sizes and times, so a data set replaced on disk gets a new file.
 *
 * <p>Making and checking hold a lock on {@code NAME.lock}, so workers that start together make the
 * file once and the others wait for it, then map it.
 */
public final class ImageCache {

    /** The file format; a new format gets new files. */
    static final int FORMAT = 1;
    static final int HEADER = 64;
    private static final byte[] MAGIC = "ADIVU8\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One thread of this process at a time: a second lock on the same file in one JVM is refused. */
    private static final Object IN_PROCESS = new Object();

    private ImageCache() {}

    /**
     * What {@link #open} found.
     *
     * @param bytes the data set's bytes
     * @param note what was done, for the log: mapped, made, made again (and why), or kept in memory
     *     (and why)
     */
    public record Opened(ImageBytes bytes, String note) {}

    /** Where the files are kept: {@link Data#cache()}. */
    public static Path dir() {
        return Data.cache();
    }

    /**
     * The data set's bytes mapped from its file in {@link #dir()}, made first if it is not there or
     * fails its check; kept in this process's memory instead (and said so) when the file cannot be
     * written.
     *
     * @param dir the data set's directory, or null for where it is found ({@link DatasetName#load})
     * @throws DataException as {@link DatasetName#load} raises it, when the data set must be read
     */
    public static Opened open(DatasetName name, Path dir) {
        return open(name, dir, dir());
    }

    /** As {@link #open(DatasetName, Path)}, with the files kept in {@code cacheDir}. */
    public static Opened open(DatasetName name, Path dir, Path cacheDir) {
        Path source = dir != null ? dir : name.locate().orElseThrow(() -> new DataException(name.missingMessage()));
        Path file;
        try {
            file = cacheDir.resolve(name.id() + "-" + sourceKey(name, source) + ".u8");
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            return inMemory(name, source, "the cache directory " + cacheDir + " cannot be written: " + e.getMessage());
        }
        synchronized (IN_PROCESS) {
            try (FileChannel lockChannel = FileChannel.open(lockFile(file), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock lock = lockChannel.lock()) {
                String problem = check(file);
                if (problem == null) {
                    return new Opened(map(file), "mapped " + file);
                }
                RawDataset raw = name.load(source);
                prune(cacheDir, file);
                removeStaleTemporaries(file);
                write(raw, file);
                String after = check(file);
                if (after != null) {
                    throw new IOException("the file just made fails its check: " + after);
                }
                return new Opened(map(file), (problem.equals(ABSENT) ? "made " : "made again (" + problem + ") ") + file);
            } catch (IOException e) {
                return inMemory(name, source, file + " cannot be made or read: " + e.getMessage());
            }
        }
    }

    private static final String ABSENT = "absent";

    private static Opened inMemory(DatasetName name, Path source, String why) {
        return new Opened(ImageBytes.copyOf(name.load(source)), "kept in this process's memory: " + why);
    }

    /**
     * Removes the files of data sets whose directory is gone (a generated data set in a temporary
     * directory, a data set moved): nothing can ask for them again. A file another process holds the
     * lock of is left.
     */
    static void prune(Path cacheDir, Path keep) {
        List<Path> records;
        try (Stream<Path> files = Files.list(cacheDir)) {
            records = files.filter(f -> f.getFileName().toString().endsWith(".u8.json")).toList();
        } catch (IOException e) {
            return;
        }
        for (Path record : records) {
            Path file = record.resolveSibling(record.getFileName().toString().replaceFirst("\\.json$", ""));
            try {
                Object source = JSON.readValue(record.toFile(), Map.class).get("source_dir");
                if (file.equals(keep) || source == null || Files.exists(Path.of(source.toString()))) {
                    continue;
                }
                try (FileChannel lockChannel = FileChannel.open(lockFile(file), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                        FileLock lock = lockChannel.tryLock()) {
                    if (lock != null) {
                        Files.deleteIfExists(record);
                        Files.deleteIfExists(file);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // another process's file, or one it is making: left as it is
            }
        }
    }

    /**
     * Removes what a writer of this file killed mid-way left ({@code NAME.tmp-PID}, {@code
     * NAME.json.tmp-PID}): a writer holds the file's lock while it writes, so under the lock any such
     * file is a dead process's.
     */
    private static void removeStaleTemporaries(Path file) throws IOException {
        String data = file.getFileName() + ".tmp-";
        String record = recordFile(file).getFileName() + ".tmp-";
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(data) || n.startsWith(record)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Removes a data set's file, its record and its lock file, once no process uses it. */
    public static void remove(Path file) {
        try {
            Files.deleteIfExists(recordFile(file));
            Files.deleteIfExists(file);
            Files.deleteIfExists(lockFile(file));
        } catch (IOException e) {
            // left for the next prune
        }
    }

    /** The record of a file's size and hash, beside it. */
    static Path recordFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".json");
    }

    private static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * What is wrong with the file, or null when it can be used: present, with its record, of the size
     * the record and its header give, and with the record's SHA-256.
     */
    static String check(Path file) throws IOException {
        Path record = recordFile(file);
        if (!Files.exists(file)) {
            return ABSENT;
        }
        if (!Files.exists(record)) {
            return "no record of a finished file beside it";
        }
        Map<?, ?> r;
        try {
            r = JSON.readValue(record.toFile(), Map.class);
        } catch (IOException e) {
            return "its record " + record + " cannot be read: " + e.getMessage();
        }
        long size = Files.size(file);
        Object recorded = r.get("bytes");
        if (!(recorded instanceof Number n) || n.longValue() != size) {
            return "partial or overwritten: " + size + " bytes, the record says " + recorded;
        }
        if (size < HEADER) {
            return "shorter than its header";
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(header, 0);
            Layout layout = Layout.read(header.flip());
            if (layout == null) {
                return "not an adiv data file of format " + FORMAT;
            }
            if (layout.size() != size) {
                return "its header gives " + layout.size() + " bytes, the file has " + size;
            }
            String hash = sha256(ch, size);
            if (!hash.equals(r.get("sha256"))) {
                return "corrupt: its SHA-256 is " + hash + ", the record says " + r.get("sha256");
            }
        }
        return null;
    }

    /** The sizes in a file's header. */
    record Layout(int channels, int height, int width, int classes, int train, int test) {
        long features() {
            return (long) channels * height * width;
        }

        long size() {
            return HEADER + (train + test) * (features() + 1);
        }

        void write(ByteBuffer header) {
            header.put(MAGIC).putInt(FORMAT).putInt(channels).putInt(height).putInt(width).putInt(classes)
                    .putInt(train).putInt(test);
        }

        /** The layout in a header, or null if it is not one of this format. */
        static Layout read(ByteBuffer header) {
            byte[] magic = new byte[MAGIC.length];
            if (header.remaining() < HEADER) {
                return null;
            }
            header.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC) || header.getInt() != FORMAT) {
                return null;
            }
            Layout l = new Layout(header.getInt(), header.getInt(), header.getInt(), header.getInt(), header.getInt(),
                    header.getInt());
            boolean sane = l.channels > 0 && l.height > 0 && l.width > 0 && l.classes > 0 && l.train >= 0 && l.test >= 0;
            return sane ? l : null;
        }
    }

    /**
     * Writes the data set's file and then its record: into temporary files moved into place, the
     * record last, so that a file without its record is one whose writing did not finish.
     */
    static void write(RawDataset raw, Path file) throws IOException {
        Path record = recordFile(file);
        Files.deleteIfExists(record);
        String suffix = ".tmp-" + ProcessHandle.current().pid();
        Path tmp = file.resolveSibling(file.getFileName() + suffix);
        Layout layout = new Layout(raw.channels(), raw.height(), raw.width(), raw.classes(), raw.train().size(),
                raw.test().size());
        MessageDigest digest = sha256();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            layout.write(header);
            header.position(HEADER).flip();
            for (byte[] part : List.of(header.array(), raw.train().pixels(), raw.train().labels(),
                    raw.test().pixels(), raw.test().labels())) {
                digest.update(part);
                ByteBuffer b = ByteBuffer.wrap(part);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        move(tmp, file);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("format", FORMAT);
        r.put("dataset", raw.name());
        r.put("source", raw.source());
        r.put("source_dir", Path.of(raw.source()).toAbsolutePath().normalize().toString());
        r.put("bytes", layout.size());
        r.put("sha256", HexFormat.of().formatHex(digest.digest()));
        r.put("made", java.time.Instant.now().toString());
        Path recordTmp = record.resolveSibling(record.getFileName() + suffix);
        JSON.writerWithDefaultPrettyPrinter().writeValue(recordTmp.toFile(), r);
        move(recordTmp, record);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Maps a checked file read-only and cuts it into its four parts. */
    static ImageBytes map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(size + " bytes: more than one mapping holds (2 GB)");
            }
            MappedByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            Layout l = Layout.read(all.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            if (l == null) {
                throw new IOException("not an adiv data file of format " + FORMAT);
            }
            int features = Math.toIntExact(l.features());
            int at = HEADER;
            ByteBuffer trainPixels = all.slice(at, l.train() * features);
            at += l.train() * features;
            ByteBuffer trainLabels = all.slice(at, l.train());
            at += l.train();
            ByteBuffer testPixels = all.slice(at, l.test() * features);
            at += l.test() * features;
            ByteBuffer testLabels = all.slice(at, l.test());
            Map<?, ?> record = JSON.readValue(recordFile(file).toFile(), Map.class);
            return new ImageBytes(String.valueOf(record.get("dataset")), String.valueOf(record.get("source")),
                    l.channels(), l.height(), l.width(), l.classes(), trainPixels, trainLabels, testPixels, testLabels,
                    file);
        }
    }

    /**
     * A key for where the data set is read from: its directory and its files' names, sizes and
     * modification times (and the file format), hashed.
     */
    static String sourceKey(DatasetName name, Path source) throws IOException {
        Path dir = (name == DatasetName.CIFAR10 ? Cifar10.resolve(source) : source).toAbsolutePath().normalize();
        StringBuilder key = new StringBuilder("format " + FORMAT + "\n" + name.id() + "\n" + dir + "\n");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    key.append(f.getFileName()).append(' ').append(Files.size(f)).append(' ')
                            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                }
            }
        }
        MessageDigest digest = sha256();
        return HexFormat.of().formatHex(digest.digest(key.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    private static String sha256(FileChannel ch, long size) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long at = 0;
        while (at < size) {
            buffer.clear();
            int n = ch.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
            digest.update(buffer.flip());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
