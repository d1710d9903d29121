package adiv.sweep;

/**
 * A run's progress as its worker reports it after each epoch.
 *
 * @param epoch the epoch just finished (1-based)
 * @param epochs the run's epochs in all
 * @param testAcc its test accuracy
 * @param bestAcc the best validation accuracy of the run so far (test accuracy where the run has no
 *     validation split)
 * @param seconds the epoch's training time
 * @param resumedAfter the epochs a checkpoint brought (0 for a run that started from the beginning)
 * @param pid the process training it
 */
public record RunProgress(int epoch, int epochs, double testAcc, double bestAcc, double seconds, int resumedAfter,
        long pid) {}
