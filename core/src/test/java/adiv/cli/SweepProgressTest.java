package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import adiv.sweep.RunProgress;
import adiv.sweep.RunSettings;
import adiv.sweep.SweepSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time left: a range while no run has finished (runs stop between patience + 1 and max_epochs), then one figure. */
class SweepProgressTest {

    @Test
    void theTimeLeftIsARangeUntilARunFinishesThenOneFigureFromWhatRunsTook() throws InterruptedException {
        List<RunSettings> runs = SweepSpec.parse("max_epochs: 150\npatience: 10\nseeds: [1, 2, 3]\n", "s").runs();
        StringWriter text = new StringWriter();
        try (SweepProgress p = new SweepProgress(new PrintWriter(text), "sweep")) {
            p.planned(runs, 0, 3, 1);
            RunSettings first = runs.get(0);
            p.runStarting(first, 0, 3);
            for (int e = 1; e <= 12; e++) {
                Thread.sleep(5);
                p.epochEnded(first, 1, new RunProgress(e, 150, 0.8, 0.8, 0.005, 0, 1));
            }
            String before = text.toString();
            String last = before.lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.contains(" to ") && last.contains("left (until a run finishes"), last);
            p.runFinished(first, "done", 1, 3);
            p.runStarting(runs.get(1), 1, 3);
            Thread.sleep(5);
            p.epochEnded(runs.get(1), 2, new RunProgress(1, 150, 0.8, 0.8, 0.005, 0, 1));
        }
        String last = text.toString().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("; about ") && last.endsWith(" left"), "one figure once a run has finished: " + last);
        // The range's ends: at the fewest epochs (11 each for the two untouched runs) and at 150.
        String range = text.toString().lines().filter(l -> l.contains("epoch 12/150")).findFirst().orElseThrow();
        assertTrue(range.matches(".*; \\d+ s to \\d+ (s|min).*"), range);
    }
}
