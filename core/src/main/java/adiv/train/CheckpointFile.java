package adiv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A run's checkpoint as one file: written whole to a temporary file of this process, flushed to
 * disk, then renamed over the last one, so that a process killed at any moment leaves either the
 * previous checkpoint or the new one, never a torn file; a CRC-32 over the contents catches a file
 * damaged on disk. The file names its owner (the run's hash), so a checkpoint is never loaded into
 * another run.
 *
 * <p>A process that must stop writing once it is orphaned passes a {@link Gate}: the rename happens
 * inside it, where the process can check that it may still write, and hold off its own halt.
 */
public final class CheckpointFile implements Checkpoints {

    /** Runs the rename that publishes a checkpoint, or refuses to. */
    public interface Gate {
        /** Runs {@code publish} if this process may still write. */
        void commit(IoAction publish) throws IOException;

        /** Always lets the rename happen. */
        Gate OPEN = IoAction::run;
    }

    /** A file action. */
    public interface IoAction {
        void run() throws IOException;
    }

    private static final String MAGIC = "adiv checkpoint";
    private static final int VERSION = 2;

    private final Path file;
    private final String owner;
    private final Gate gate;
    private final Consumer<String> log;

    /**
     * @param file where the checkpoint lives
     * @param owner what it belongs to (the run's hash): a file of another owner is not loaded
     * @param gate lets the rename happen (or not)
     * @param log hears why a checkpoint was not usable
     */
    public CheckpointFile(Path file, String owner, Gate gate, Consumer<String> log) {
        this.file = file;
        this.owner = owner;
        this.gate = gate;
        this.log = log;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** {@inheritDoc} A missing file is a fresh start; an unreadable one is reported and ignored. */
    @Override
    public TrainingState load(NDManager manager) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 8) {
                throw new IOException("too short");
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
            in.skipNBytes(all.length - 8);
            if (in.readLong() != crc.getValue()) {
                throw new IOException("its checksum does not match its contents");
            }
            return read(new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8)), manager);
        } catch (IOException | RuntimeException e) {
            log.accept(file + ": not usable (" + e.getMessage() + "); the run starts from its first epoch");
            return null;
        }
    }

    private TrainingState read(DataInputStream in, NDManager manager) throws IOException {
        if (!in.readUTF().equals(MAGIC) || in.readInt() != VERSION) {
            throw new IOException("not an adiv checkpoint of this version");
        }
        String savedOwner = in.readUTF();
        if (!savedOwner.equals(owner)) {
            throw new IOException("it belongs to run " + savedOwner + ", not " + owner);
        }
        int n = in.readInt();
        List<EpochResult> epochs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            epochs.add(new EpochResult(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble()));
        }
        long step = in.readLong();
        byte[] shuffle = bytes(in);
        Map<String, NDArray> parameters = arrays(in, manager);
        long optimizerSteps = in.readLong();
        Map<String, NDArray> optimizer = arrays(in, manager);
        byte[] observer = bytes(in);
        return new TrainingState(epochs, step, shuffle, parameters, optimizerSteps, optimizer, observer);
    }

    /** {@inheritDoc} */
    @Override
    public void save(TrainingState s) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(owner);
            out.writeInt(s.epochs().size());
            for (EpochResult e : s.epochs()) {
                out.writeInt(e.epoch());
                out.writeDouble(e.trainLoss());
                out.writeDouble(e.testLoss());
                out.writeDouble(e.testAcc());
                out.writeDouble(e.seconds());
                out.writeDouble(e.valLoss());
                out.writeDouble(e.valAcc());
            }
            out.writeLong(s.step());
            bytes(out, s.shuffle());
            arrays(out, s.parameters());
            out.writeLong(s.optimizerSteps());
            arrays(out, s.optimizer());
            bytes(out, s.observer());
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();

            Files.createDirectories(file.toAbsolutePath().getParent());
            // This process's own temporary name: an orphaned writer can never tear another's file.
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(buffer.toByteArray()));
                ch.force(true);
            }
            gate.commit(() -> Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": the checkpoint could not be written: " + e.getMessage(), e);
        }
    }

    /** Deletes a run's checkpoint and any temporary files left beside it. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && Files.isDirectory(dir)) {
                String prefix = file.getFileName() + ".tmp-";
                try (var entries = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) entries::iterator) {
                        if (p.getFileName().toString().startsWith(prefix)) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": could not be deleted: " + e.getMessage(), e);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }

    private static void arrays(DataOutputStream out, Map<String, NDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            out.writeUTF(e.getKey());
            bytes(out, e.getValue().encode());
        }
    }

    private static Map<String, NDArray> arrays(DataInputStream in, NDManager manager) throws IOException {
        int n = in.readInt();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            arrays.put(name, manager.decode(bytes(in)));
        }
        return arrays;
    }
}
