package adiv.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A data set's directory as one zip file for Spark to ship: stored uncompressed (the data files are
 * compressed already, or are raw bytes that would take longer to deflate than to send once).
 */
final class DataArchive {

    private DataArchive() {}

    /** Writes dir's files (with their relative paths) into a new temporary zip named after the data set. */
    static Path of(Path dir, String id) {
        try {
            Path zip = Files.createTempDirectory("adiv-data-").resolve(id + ".zip");
            zip.getParent().toFile().deleteOnExit();
            zip.toFile().deleteOnExit();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            try (OutputStream raw = Files.newOutputStream(zip);
                    ZipOutputStream out = new ZipOutputStream(raw)) {
                out.setLevel(0);
                for (Path f : files) {
                    out.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot be packed for the executors: " + e.getMessage(), e);
        }
    }
}
