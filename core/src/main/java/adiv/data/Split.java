package adiv.data;

/**
 * One split of a labelled image data set as raw bytes: n images of channels×height×width pixels,
 * channel-major (all of channel 0, then channel 1, ...), and n labels.
 *
 * @param pixels n × channels × height × width bytes, 0–255
 * @param labels n labels, each below the data set's number of classes
 */
public record Split(byte[] pixels, byte[] labels) {

    /** The number of examples. */
    public int size() {
        return labels.length;
    }
}
