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

    /** Memory enough for any number of workers at {@link Scheduler#ROOMY} each: nothing to measure. */
    private static final long PLENTY = 1L << 50;

    private static final SweepControl CONTROL = SweepControl.of(new LocalExecutor.Listener() {}, line -> {
        throw new AssertionError("nothing measured, nothing to log: " + line);
    });

    @Test
    void aCountGivenIsKeptWithTheCoresSharedOut() {
        assertEquals(new Scheduler.Layout(2, 4, 2), Scheduler.layout(2, pending(10), NO_WORKER, 8, PLENTY, CONTROL));
        assertEquals(new Scheduler.Layout(8, 1, 8), Scheduler.layout(8, pending(10), NO_WORKER, 8, PLENTY, CONTROL));
        assertEquals(new Scheduler.Layout(3, 1, 3), Scheduler.layout(3, pending(10), NO_WORKER, 2, PLENTY, CONTROL),
                "more runs than cores: one thread each");
    }

    @Test
    void fewRunsOrOneCoreRunOneAtATimeUnmeasured() {
        assertEquals(new Scheduler.Layout(1, 2, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(Scheduler.MEASURE_FROM - 1), NO_WORKER, 2, PLENTY, CONTROL));
        assertEquals(new Scheduler.Layout(1, 1, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(10), NO_WORKER, 1, PLENTY, CONTROL));
    }

    @Test
    void aStoppingSweepIsNotMeasured() {
        SweepControl stopping = new SweepControl(new LocalExecutor.Listener() {}, CONTROL.log(), RetryPolicy.DEFAULT,
                new StopSignal());
        stopping.stop().request("test");
        assertEquals(new Scheduler.Layout(1, 2, Scheduler.AUTO),
                Scheduler.layout(Scheduler.AUTO, pending(10), NO_WORKER, 2, PLENTY, stopping));
    }

    @Test
    void workersFitByTheirOwnPagesEachAndTheSharedPagesOnce() {
        long gb = 1_000_000_000L;
        // 0.9 x 16 GB = 14.4 GB; less 0.3 GB shared = 14.1 GB; at 0.45 GB each: 31 workers.
        assertEquals(31, Scheduler.fits(450_000_000L, 300_000_000L, 16 * gb));
        assertEquals(0, Scheduler.fits(2 * gb, gb, gb), "not even one fits");
        assertEquals(Integer.MAX_VALUE, Scheduler.fits(-1, -1, 16 * gb), "unmeasured: no limit from memory");
        assertEquals(Integer.MAX_VALUE, Scheduler.fits(gb, 0, -1), "memory unknown: no limit from memory");
    }
}
