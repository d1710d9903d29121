package adiv.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Printing results: JSON for machines (snake_case field names), aligned tables for people. */
final class Output {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    /** Prints any value (records included) as JSON. */
    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates an output directory, or says which one cannot be created and why (bad input: exit 2).
     *
     * @param option the option that named it, for the message
     */
    static void directory(java.nio.file.Path dir, String option) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException | SecurityException e) {
            // In words, never an exception's class name.
            String why = e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name exists"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "its parent cannot hold a new directory"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage() != null ? e.getMessage() : "the file system refused";
            throw new UserError(option + " " + dir + ": the directory cannot be created (" + why + ")");
        }
        if (!java.nio.file.Files.isWritable(dir)) {
            throw new UserError(option + " " + dir + ": the directory is not writable");
        }
    }

    /**
     * Checks, without creating anything, that an output directory could be made: it is a writable
     * directory, or its nearest existing ancestor is (so that a run is not trained only to be lost).
     */
    static void creatable(java.nio.file.Path dir, String option) {
        java.nio.file.Path p = dir.toAbsolutePath();
        while (p != null && !java.nio.file.Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null || !java.nio.file.Files.isDirectory(p)) {
            throw new UserError(option + " " + dir + ": the directory cannot be created (" + (p == null ? "no such file system"
                    : p + " is a file") + ")");
        }
        if (!java.nio.file.Files.isWritable(p)) {
            throw new UserError(option + " " + dir + ": " + (p.equals(dir.toAbsolutePath()) ? "the directory is not writable"
                    : "the directory cannot be created (" + p + " is not writable)"));
        }
        // Permissions do not tell everything (root may "write" /proc): a directory made and removed at once does.
        try {
            java.nio.file.Files.delete(java.nio.file.Files.createTempDirectory(p, ".adiv-check-"));
        } catch (java.io.IOException | SecurityException | UnsupportedOperationException e) {
            throw new UserError(option + " " + dir + ": the directory cannot be created (" + p + " does not take new"
                    + " directories)");
        }
    }

    /** A store's counts in words, in the order a run goes through them: "2 queued, 1 running, 3 done". */
    static String counts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        for (String status : List.of(adiv.sweep.StoredRun.QUEUED, adiv.sweep.StoredRun.RUNNING, adiv.sweep.StoredRun.DONE,
                adiv.sweep.StoredRun.DIVERGED, adiv.sweep.StoredRun.FAILED)) {
            int n = counts.getOrDefault(status, 0);
            if (n > 0) {
                parts.add(n + " " + status);
            }
        }
        return parts.isEmpty() ? "no runs" : String.join(", ", parts);
    }

    /** A plain text table with a header row, columns padded to their widest cell. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final boolean[] rightAligned;

        Table(String... header) {
            rows.add(header);
            rightAligned = new boolean[header.length];
        }

        /** Right-aligns the given columns (numbers). */
        Table right(int... columns) {
            for (int c : columns) {
                rightAligned[c] = true;
            }
            return this;
        }

        Table row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
            return this;
        }

        void print(PrintWriter out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (int k = 0; k < rows.size(); k++) {
                String[] r = rows.get(k);
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    String fmt = "%" + (rightAligned[i] ? "" : "-") + width[i] + "s";
                    line.append(i == 0 ? "" : "  ").append(String.format(fmt, r[i]));
                }
                out.println(line.toString().stripTrailing());
                if (k == 0) {
                    out.println("-".repeat(line.toString().stripTrailing().length()));
                }
            }
            out.flush();
        }
    }
}
