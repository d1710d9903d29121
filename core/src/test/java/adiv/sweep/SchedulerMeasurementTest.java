package adiv.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's measurement counts the training steps' time only: a worker's whole reply time
 * includes the run's setup and the evaluation after its cut-short epoch, which outweighed the steps.
 */
class SchedulerMeasurementTest {

    @Test
    void throughputIsTimedOnTheEpochsTrainingStepsNotTheWholeRun() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(0.375, ProcessExecutor.trainingSeconds(json.readTree(
                "{\"ok\": true, \"seconds\": 5.0, \"epochs\": [{\"epoch\": 1, \"seconds\": 0.25},"
                        + " {\"epoch\": 2, \"seconds\": 0.125}]}")), 1e-12);
        assertThrows(IllegalStateException.class,
                () -> ProcessExecutor.trainingSeconds(json.readTree("{\"ok\": true, \"seconds\": 5.0, \"epochs\": []}")));
    }
}
