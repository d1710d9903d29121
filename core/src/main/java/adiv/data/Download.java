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

/**
 * One file to fetch: its address and the MD5 its publisher gives. {@link #to} downloads it next to
 * its destination, checks the MD5, and only then moves it into place, so a failed or interrupted
 * download never leaves a file that looks complete.
 *
 * @param url where it is published
 * @param md5 the published MD5, lower-case hex
 * @param fileName the name to save it under
 */
public record Download(String url, String md5, String fileName) {

    /**
     * Downloads into dir/fileName and verifies the MD5.
     *
     * @param dir the destination directory (created if needed)
     * @param progress receives the bytes received so far
     * @return the saved file
     * @throws IOException when the network or the disk fails (the caller explains what to do)
     * @throws DataException when the file arrives but its MD5 is not the published one
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
        String found = HexFormat.of().formatHex(digest.digest());
        if (!found.equalsIgnoreCase(md5)) {
            Files.deleteIfExists(part);
            throw new DataException(
                    String.format(
                            "%s: downloaded from %s, but its MD5 is %s, expected %s (the file was"
                                    + " deleted; try again, or fetch it another way)",
                            target, url, found, md5));
        }
        return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The MD5 of a file, lower-case hex. */
    public static String md5Of(Path file) throws IOException {
        MessageDigest digest = md5Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
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
