package adiv.train;

/**
 * The measurements after one epoch.
 *
 * @param epoch 1-based
 * @param trainLoss the mean training loss over the epoch's steps (each weighted by its batch size)
 * @param testLoss mean cross-entropy on the test split, in evaluation mode
 * @param testAcc accuracy on the test split
 * @param seconds wall time of the epoch's training steps (evaluation not included)
 */
public record EpochResult(
        int epoch, double trainLoss, double testLoss, double testAcc, double seconds) {}
