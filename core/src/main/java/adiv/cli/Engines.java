package adiv.cli;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** The engine's thread settings, which the commands that train or time expose as --threads. */
final class Engines {

    private Engines() {}

    /** Sets the intra-op threads when threads &gt; 0; 0 keeps the engine's choice. */
    static void setThreads(int threads) {
        if (threads < 0) {
            throw new UserError("--threads must be 0 (the engine's choice) or more, got " + threads);
        }
        if (threads > 0) {
            Engine.getInstance(); // loads libtorch, whose functions JniUtils calls
            JniUtils.setNumThreads(threads);
        }
    }

    /** The intra-op threads in use. */
    static int threads() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
