package adiv;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with one intra-op thread, for tests that compare two trainings number for number:
 * single-threaded training repeats bit for bit, while with several threads an occasional run drifts
 * (BENCHMARKS.md, "Reproducibility").
 */
public final class OneThread {

    private OneThread() {}

    /** Calls body with one intra-op thread and restores the previous count. */
    public static <T> T call(Supplier<T> body) {
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            return body.get();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /** Runs body with one intra-op thread and restores the previous count. */
    public static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
