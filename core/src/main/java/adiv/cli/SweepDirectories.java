package adiv.cli;

import adiv.sweep.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check every command that reads a sweep directory makes before it opens the run store. */
final class SweepDirectories {

    private SweepDirectories() {}

    /** The directory, once it holds a run store; otherwise the user's mistake, named (exit 2). */
    static Path requireStore(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunStore.FILE))) {
            throw new UserError(dir.resolve(RunStore.FILE) + ": not found (not a sweep directory: run a sweep into "
                    + dir + " first)");
        }
        return dir;
    }
}
