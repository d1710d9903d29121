package adiv.sweep;

import adiv.train.EpochResult;
import adiv.train.RunResult;
import java.nio.file.Path;
import java.util.List;

/**
 * A child process for {@link RunStoreTest}: plans three runs, finishes the first, starts the second,
 * says READY and waits to be killed with SIGKILL in the middle of the second.
 */
public final class CrashingSweep {

    public static void main(String[] args) throws Exception {
        RunStore store = RunStore.open(Path.of(args[0]));
        store.saveSpec("spec: crash test");
        StoredRun first = store.plan("{\"run\":1}", 1);
        StoredRun second = store.plan("{\"run\":2}", 2);
        store.plan("{\"run\":3}", 3);
        store.start(first.id(), "test", "dev");
        store.finish(first.id(), new RunResult(RunResult.DONE, List.of(new EpochResult(1, 0.5, 0.4, 0.9, 1))), List.of(), 1, null);
        store.start(second.id(), "test", "dev");
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
