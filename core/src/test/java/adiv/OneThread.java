package adiv;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with one intra-op thread, for tests that compare two trainings number for number: the
 * numbers then do not depend on how many cores the machine running the tests has (the thread count
 * decides how sums are split, and so their last digits).
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
