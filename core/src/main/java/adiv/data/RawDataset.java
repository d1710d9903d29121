package adiv.data;

/**
 * A labelled image data set as it is on disk, before preprocessing.
 *
 * @param name the data set's name ("cifar10", "fashion-mnist", "mnist")
 * @param source where it was read from
 * @param channels colour channels
 * @param height image height
 * @param width image width
 * @param classes number of classes
 * @param train the training split
 * @param test the test split
 */
public record RawDataset(
        String name,
        String source,
        int channels,
        int height,
        int width,
        int classes,
        Split train,
        Split test) {

    /** Values per example: channels × height × width. */
    public int features() {
        return channels * height * width;
    }

    /** Examples per class in a split, for reports and checks. */
    public static int[] classCounts(Split split, int classes) {
        int[] counts = new int[classes];
        for (byte b : split.labels()) {
            counts[b & 0xff]++;
        }
        return counts;
    }
}
