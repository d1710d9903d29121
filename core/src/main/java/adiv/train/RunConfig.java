package adiv.train;

import adiv.data.DatasetName;
import adiv.data.Preprocessing;
import adiv.maps.Init;

/**
 * One run, every setting typed: what {@code adiv train}'s flags, a sweep spec's keys (a preset's
 * included) and {@code adiv bench train}'s grid all fill, and what {@link Networks} builds from. A
 * method enters as what a run records of it: its map, its normaliser and the learning rate it
 * scales (already applied in {@link #training()}).
 *
 * @param model the MLP, the CNN or the residual MLP
 * @param dataset the data set
 * @param preprocessing its preprocessing
 * @param method the method's name (for records; the network follows map and norm)
 * @param map the corrected layers' map (a method's, adiv.maps.Methods)
 * @param norm the normaliser with it (adiv.maps.Normalisers)
 * @param activation after each hidden layer or conv block
 * @param width an MLP's hidden width (a residual MLP's too), or a CNN's first block's channels
 * @param depth an MLP's hidden layers, a residual MLP's blocks, or a CNN's conv blocks
 * @param correctFirst whether an MLP's first layer gets the map and normaliser
 * @param correctOutput whether its output layer does
 * @param init how weights start
 * @param training how it trains (the learning rate scaled by the method)
 * @param probeEvery probe every this many steps, 0 for no probe
 */
public record RunConfig(
        Model model, DatasetName dataset, Preprocessing preprocessing, String method, String map, String norm,
        String activation, int width, int depth, boolean correctFirst, boolean correctOutput, Init init,
        TrainConfig training, int probeEvery) {

    /** The networks adiv trains. */
    public enum Model {
        /** The paper's fully connected classifier (MATH.md §9). */
        MLP,
        /** The convolutional classifier of Figs 8–9 (MATH.md §5). */
        CNN,
        /** The residual MLP of MATH.md §7: an input layer, depth blocks z + φ(M(z)), a plain head. */
        RESMLP;

        /**
         * mlp, cnn or resmlp.
         *
         * @param key the setting's name as the user wrote it, for the message
         */
        public static Model parse(String value, String key) {
            for (Model m : values()) {
                if (m.id().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException(key + " must be mlp, cnn or resmlp, got '" + value + "'");
        }

        /** Its name in specs and flags. */
        public String id() {
            return name().toLowerCase();
        }
    }

    /**
     * Checks every setting, the network's included (on a placeholder input shape), naming the one at
     * fault.
     */
    public RunConfig {
        if (model == null || dataset == null || preprocessing == null || training == null || init == null) {
            throw new IllegalArgumentException("a run needs a model, a data set, its preprocessing, an init and training settings");
        }
        if (probeEvery < 0) {
            throw new IllegalArgumentException("probe_every: expected 0 or more, found " + probeEvery);
        }
        // (A compact constructor sees its parameters; the fields are assigned after it.)
        if (model == Model.CNN) {
            new CnnSpec(1, 32, 32, 1, width, depth, map, norm, activation, init);
        } else {
            new MlpSpec(1, 1, width, depth, map, norm, activation, correctFirst, correctOutput, init);
        }
    }

    /** The MLP for a data set's size. */
    public MlpSpec mlp(int inputs, int classes) {
        return new MlpSpec(inputs, classes, width, depth, map, norm, activation, correctFirst, correctOutput, init);
    }

    /**
     * The CNN for images of a shape.
     *
     * @param image (channels, height, width)
     */
    public CnnSpec cnn(int[] image, int classes) {
        return new CnnSpec(image[0], image[1], image[2], classes, width, depth, map, norm, activation, init);
    }

    /** This run with other training settings (a step limit, a benchmark's epochs). */
    public RunConfig withTraining(TrainConfig other) {
        return new RunConfig(model, dataset, preprocessing, method, map, norm, activation, width, depth, correctFirst,
                correctOutput, init, other, probeEvery);
    }
}
