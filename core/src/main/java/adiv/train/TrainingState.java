package adiv.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs to continue exactly where it stopped, taken after an epoch: with one
 * intra-op thread the resumed run then computes what an uninterrupted one would, bit for bit.
 *
 * @param epochs the epochs finished so far, with their results
 * @param step the optimisation steps taken so far (across epochs)
 * @param shuffle the data-order generator's state (a serialised {@link java.util.Random})
 * @param parameters every parameter of the network by its path name, trained or not (running
 *     statistics included)
 * @param optimizerSteps the optimizer's step count
 * @param optimizer the optimizer's state arrays by name
 * @param observer what the step observer (the probe) keeps, in its own encoding
 */
public record TrainingState(
        List<EpochResult> epochs,
        long step,
        byte[] shuffle,
        Map<String, NDArray> parameters,
        long optimizerSteps,
        Map<String, NDArray> optimizer,
        byte[] observer) {}
