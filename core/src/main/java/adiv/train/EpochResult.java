package adiv.train;

/**
 * The measurements after one epoch.
 *
 * @param epoch 1-based
 * @param trainLoss the mean training loss over the epoch's steps (each weighted by its batch size)
 * @param testLoss mean cross-entropy on the test split, in evaluation mode
 * @param testAcc accuracy on the test split
 * @param seconds wall time of the epoch's training steps (evaluation not included)
 * @param valLoss mean cross-entropy on the validation split (NaN without one)
 * @param valAcc accuracy on the validation split (NaN without one): what selects the epoch a run is
 *     judged at, never the test accuracy
 */
public record EpochResult(
        int epoch, double trainLoss, double testLoss, double testAcc, double seconds, double valLoss, double valAcc) {

    /** An epoch without a validation split. */
    public EpochResult(int epoch, double trainLoss, double testLoss, double testAcc, double seconds) {
        this(epoch, trainLoss, testLoss, testAcc, seconds, Double.NaN, Double.NaN);
    }
}
