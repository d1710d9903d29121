package adiv.data;

/**
 * How pixel bytes become network inputs.
 *
 * <ul>
 *   <li>{@link #NONE}: the byte values 0–255 as they are;
 *   <li>{@link #UNIT}: scaled to [0, 1];
 *   <li>{@link #STANDARDISE} (the default): scaled to [0, 1], then per channel (v − μ_c)/σ_c with
 *       the mean and standard deviation of that channel over the <em>training</em> split, applied
 *       to both splits.
 * </ul>
 *
 * <p>Standardised inputs have ‖x‖² ≈ the number of features (3,072 for CIFAR-10, 784 for
 * (Fashion-)MNIST): the scale the affine divergence and its corrections act on (MATH.md §9).
 */
public enum Preprocessing {
    /** Raw 0–255 values. */
    NONE,
    /** Values in [0, 1]. */
    UNIT,
    /** Per-channel standardisation with training-set statistics. */
    STANDARDISE;

    /** Parses "none", "unit" (or "0-1") and "standardise" (or "standardize"). */
    public static Preprocessing parse(String name) {
        switch (name.trim().toLowerCase()) {
            case "none":
                return NONE;
            case "unit":
            case "0-1":
            case "[0,1]":
                return UNIT;
            case "standardise":
            case "standardize":
            case "standard":
                return STANDARDISE;
            default:
                throw new IllegalArgumentException(
                        "unknown preprocessing '" + name + "': expected none, unit or standardise");
        }
    }

    /**
     * Per-channel affine transforms (scale, shift) so that input = byte · scale_c + shift_c.
     *
     * @param raw the data set (the training split supplies the statistics)
     * @return {scale[c], shift[c]}
     */
    double[][] transforms(RawDataset raw) {
        return transforms(java.nio.ByteBuffer.wrap(raw.train().pixels()), raw.train().size(), raw.channels(),
                raw.height() * raw.width());
    }

    /**
     * As {@link #transforms(RawDataset)}, from the training split's pixels in a buffer (read at absolute
     * positions; the buffer is not moved): the same sums in the same order, so the same values.
     *
     * @param pixels n images of channels planes of {@code plane} bytes each
     */
    double[][] transforms(java.nio.ByteBuffer pixels, int n, int channels, int plane) {
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = this == NONE ? 1 : 1 / 255.0;
        }
        if (this == STANDARDISE) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double sumSq = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        double v = (pixels.get(base + p) & 0xff) / 255.0;
                        sum += v;
                        sumSq += v * v;
                    }
                }
                double count = (double) n * plane;
                double mean = sum / count;
                double std = Math.sqrt(Math.max(sumSq / count - mean * mean, 1e-12));
                scale[c] = 1 / (255.0 * std);
                shift[c] = -mean / std;
            }
        }
        return new double[][] {scale, shift};
    }
}
