package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's policy where it needs no measurement (the measured choice runs worker processes:
 * SweepCliTest covers it end to end).
 */
class SchedulerTest {

    /** A command that would fail if the scheduler started a worker where it should not. */
    private static final List<String> NO_WORKER = List.of("/nonexistent/java");

    private static LocalExecutor.Plan pending(int n) {
        List<StoredRun> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(new StoredRun(i + 1, "h" + i, "{}", "pending", 1, 0));
        }
        return new LocalExecutor.Plan(Map.of(), runs);
    }

    private static final SweepControl CONTROL = SweepControl.of(new LocalExecutor.Listener() {}, line -> {
        throw new AssertionError("nothing measured, nothing to log: " + line);
    });

    @Test
    void aCountGivenIsKeptWithTheCoresSharedOut() {
        assertEquals(new Scheduler.Layout(2, 4, 2), Scheduler.layout(2, pending(10), NO_WORKER, 8, CONTROL));
        assertEquals(new Scheduler.Layout(8, 1, 8), Scheduler.layout(8, pending(10), NO_WORKER, 8, CONTROL));
        assertEquals(new Scheduler.Layout(3, 1, 3), Scheduler.layout(3, pending(10), NO_WORKER, 2, CONTROL),
                "more runs than cores: one thread each");
    }

    @Test
    void fewRunsOrOneCoreRunOneAtATimeUnmeasured() {
        assertEquals(new Scheduler.Layout(1, 2, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(Scheduler.MEASURE_FROM - 1), NO_WORKER, 2, CONTROL));
        assertEquals(new Scheduler.Layout(1, 1, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(10), NO_WORKER, 1, CONTROL));
    }

    @Test
    void aStoppingSweepIsNotMeasured() {
        SweepControl stopping = new SweepControl(new LocalExecutor.Listener() {}, CONTROL.log(), RetryPolicy.DEFAULT,
                new StopSignal());
        stopping.stop().request("test");
        assertEquals(new Scheduler.Layout(1, 2, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(10), NO_WORKER, 2, stopping));
    }
}
