package adiv.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * One file to fetch: its address and the MD5 its publisher gives. {@link #to} downloads it next to
 * its destination, checks the MD5, and only then moves it into place, so a failed or interrupted
 * download never leaves a file that looks complete.
 *
 * <p>A gzipped file may also carry the MD5 of its uncompressed content: a copy that was compressed
 * again (Debian's dataset-fashion-mnist package, or a mirror filled from it) has other bytes but
 * the same data, and is accepted when its content matches.
 *
 * @param url where it is published
 * @param md5 the published MD5, lower-case hex
 * @param fileName the name to save it under
 * @param contentMd5 the MD5 of the gunzipped content, lower-case hex, or null when not known
 */
public record Download(String url, String md5, String fileName, String contentMd5) {

    /** A file known only by its own MD5. */
    public Download(String url, String md5, String fileName) {
        this(url, md5, fileName, null);
    }

    /** The same file from another address: base (a mirror's URL) followed by the file's name. */
    public Download from(String base) {
        String b = base.endsWith("/") ? base : base + "/";
        return new Download(b + fileName, md5, fileName, contentMd5);
    }

    /**
     * Downloads into dir/fileName and verifies the MD5 (or the content's MD5).
     *
     * @param dir the destination directory (created if needed)
     * @param progress receives the bytes received so far
     * @return the saved file
     * @throws IOException when the network or the disk fails (the caller explains what to do)
     * @throws DataException when the file arrives but matches neither its published MD5 nor, when
     *     known, its content's (the message names the file, and both checksums expected and found)
     */
    public Path to(Path dir, LongConsumer progress) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(fileName);
        Path part = dir.resolve(fileName + ".part");
        HttpClient client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(20))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        MessageDigest digest = md5Digest();
        try {
            HttpResponse<InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("the server answered HTTP " + response.statusCode());
            }
            try (InputStream in = new DigestInputStream(response.body(), digest);
                    OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int r; (r = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, r);
                    total += r;
                    progress.accept(total);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(part);
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        String mismatch;
        try {
            mismatch = mismatch(part, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        if (mismatch != null) {
            Files.deleteIfExists(part);
            throw new DataException(
                    String.format(
                            "%s: downloaded from %s, but %s (the file was deleted; try again, or fetch"
                                    + " it another way)",
                            target, url, mismatch));
        }
        return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The published checksums, for messages: "MD5 M", or "MD5 M or uncompressed MD5 C". */
    public String checksums() {
        return "MD5 " + md5 + (contentMd5 == null ? "" : " or uncompressed MD5 " + contentMd5);
    }

    /**
     * Checks a file already on disk against the published checksums (an earlier download, or one
     * copied by hand).
     *
     * @return null when it matches, else what was expected and found
     */
    public String mismatch(Path file) throws IOException {
        return mismatch(file, md5Of(file));
    }

    /** Null when the file (of MD5 found) matches, else "its MD5 is F, expected E" and so on. */
    private String mismatch(Path file, String found) throws IOException {
        if (found.equalsIgnoreCase(md5)) {
            return null;
        }
        String why = "its MD5 is " + found + ", expected " + md5;
        if (contentMd5 == null) {
            return why;
        }
        String content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            content = md5Of(in);
        } catch (IOException e) {
            return why + ", and its content could not be uncompressed (" + e.getMessage() + ")";
        }
        if (content.equalsIgnoreCase(contentMd5)) {
            return null;
        }
        return why + ", and its uncompressed content's MD5 is " + content + ", expected " + contentMd5;
    }

    /** The MD5 of a file, lower-case hex. */
    public static String md5Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return md5Of(in);
        }
    }

    private static String md5Of(InputStream stream) throws IOException {
        MessageDigest digest = md5Digest();
        new DigestInputStream(stream, digest).transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no MD5", e);
        }
    }
}
