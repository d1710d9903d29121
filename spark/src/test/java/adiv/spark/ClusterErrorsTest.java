package adiv.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A cluster's failures in one line naming the cause. */
class ClusterErrorsTest {

    @Test
    void aMasterNothingAnswersAtIsSaidAtOnceNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int closed = port;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkExecutor.requireReachable("spark://127.0.0.1:" + closed));
        assertTrue(e.getMessage().startsWith("--master spark://127.0.0.1:" + closed + ": no Spark master answers at 127.0.0.1:"
                + closed), e.getMessage());
        try (ServerSocket listening = new ServerSocket(0)) {
            SparkExecutor.requireReachable("spark://127.0.0.1:" + listening.getLocalPort()); // answers: no complaint
        }
        SparkExecutor.requireReachable("local[2]"); // not a standalone master: nothing to check
    }

    @Test
    void theReasonIsTheClustersOwnWords() {
        RuntimeException killed = new RuntimeException("Job 3 cancelled",
                new IllegalStateException("Master removed our application: KILLED\n\tat somewhere"));
        assertEquals("Master removed our application: KILLED", SparkExecutor.why(killed));
        RuntimeException lost = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 6.0 failed 1 times,"
                + " most recent failure: Lost task 0.0 in stage 6.0 (TID 6) (127.0.0.1 executor 0): ExecutorLostFailure"
                + " (executor 0 exited caused by one of the running tasks) Reason: Command exited with code 137\nDriver stacktrace:");
        assertEquals("ExecutorLostFailure (executor 0 exited caused by one of the running tasks) Reason: Command exited with"
                + " code 137", SparkExecutor.why(lost));
        assertEquals("something else", SparkExecutor.why(new RuntimeException("something else\nmore")));
    }
}
