package adiv.probe;

/** A layer the {@link Probe} can tap: armed before a step, measured after the update. */
interface Tapped {

    /** Records the next training forward pass. */
    void arm();

    /**
     * Measures the step that was just taken and forgets the batch.
     *
     * @param step the training step
     * @param eta the optimizer's step size η
     * @return the record, or null when the layer was not tapped in this step
     */
    ProbeRecord collect(long step, double eta);
}
