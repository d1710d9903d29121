package adiv.train;

import adiv.data.TensorDataset;
import adiv.maps.Kernels;
import adiv.maps.Precision;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains one network on a {@link TensorDataset}: seeded shuffling, mini-batch steps with Adam or
 * SGD on softmax cross-entropy, and after every epoch the test loss and accuracy.
 *
 * <p>Seeded: the engine's generator is seeded before the parameters are drawn, and the shuffling
 * has its own java.util.Random from the same seed, so two single-threaded runs with one seed compute
 * the same numbers throughout (the maps keep every constant of the graph in memory libtorch owns, see
 * {@link adiv.maps.Scalars}); with more intra-op threads a rare repeat still drifts (BENCHMARKS.md,
 * "Reproducibility"). Everything a step creates lives in a scope that
 * is closed when the step ends, so memory stays flat over any number of epochs. A NaN or infinite
 * training loss ends the run as diverged, with the epochs before it kept, and the diverging step is
 * traced to the first layer and pass (forward or gradient) where a non-finite value appeared
 * ({@link Divergence}). Anything the network throws in a step or an evaluation (a plug-in's map, a
 * shape libtorch refuses) ends the run with a {@link TrainingFault} that says the epoch and the step
 * and carries the epochs finished before it.
 *
 * <p>Before the first step the {@link KernelCheck} compares the kernels this network calls, at its
 * batch sizes, against float64 on this CPU: a wrong float32 kernel is routed to float64 for the run,
 * anything it cannot route stops the run ({@link KernelFault}) before it trains on wrong numbers.
 *
 * <p>With {@link #checkpoints} the state after every epoch but the last is saved (parameters, the
 * optimizer's state, the data-order generator, the epochs so far, the observer's records), and a run
 * that finds a saved state continues from it: one thread gives the numbers of an uninterrupted run.
 */
public final class TrainingLoop {

    private static final int EVAL_CHUNK = 2000;

    private final Block network;
    private final TrainConfig config;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private StepObserver observer = StepObserver.NONE;
    private Checkpoints checkpoints = Checkpoints.NONE;
    private final PhaseTimes phases = new PhaseTimes();
    private KernelCheck kernelCheck = KernelCheck.standard();
    private KernelCheck.Report kernels;
    /** Where the step whose loss was not finite found its first non-finite value (set by that step). */
    private Divergence divergence;

    /**
     * @param network an uninitialised network (it is initialised here, from the seed)
     * @param config the training settings
     */
    public TrainingLoop(Block network, TrainConfig config) {
        this.network = network;
        this.config = config;
    }

    /** Lets an observer (such as the divergence probe) watch every step; returns this loop. */
    public TrainingLoop observe(StepObserver stepObserver) {
        this.observer = stepObserver;
        return this;
    }

    /** Wall time by phase, accumulated over the run (a listener may {@link PhaseTimes#reset} it). */
    public PhaseTimes phaseTimes() {
        return phases;
    }

    /**
     * The check of the kernels this network calls, made before training: which it found wrong and
     * computes in float64 (null before {@link #run}).
     */
    public KernelCheck.Report kernelCheck() {
        return kernels;
    }

    /** Checks kernels with the given check (tests: one that caches elsewhere); returns this loop. */
    TrainingLoop kernelCheck(KernelCheck check) {
        this.kernelCheck = check;
        return this;
    }

    /** The network (trained after {@link #run}). */
    public Block network() {
        return network;
    }

    /**
     * Keeps the run's state after every epoch in {@code checkpoints}, and starts from the state
     * saved there last, if any; returns this loop.
     */
    public TrainingLoop checkpoints(Checkpoints where) {
        this.checkpoints = where;
        return this;
    }

    /**
     * Runs the training (or, with a checkpoint, the rest of it).
     *
     * @param data the data set, on the device to train on
     * @param listener hears about progress
     * @return the status and per-epoch results (those before a resumed start included)
     * @throws TrainingFault when the network throws in a step or an evaluation
     */
    public RunResult run(TensorDataset data, TrainingListener listener) {
        try (Precision.Scope products = Precision.use(config.precision())) {
            return runInPrecision(data, listener);
        }
    }

    private RunResult runInPrecision(TensorDataset data, TrainingListener listener) {
        NDManager manager = data.manager();
        Engine.getInstance().setRandomSeed((int) config.seed());
        network.initialize(manager, DataType.FLOAT32, new Shape(config.batch(), data.features()));
        ParameterStore store = new ParameterStore(manager, false);
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        List<Pair<String, Parameter>> trained = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            parameters.add(p);
            if (p.getValue().requiresGradient()) {
                trained.add(p);
            }
        }
        Holdout split = Holdout.of(data.trainSize(), config.validation(), config.seed());
        kernels = kernelCheck.forNetwork(network, store, manager, new Shape(config.batch(), data.features()),
                batchSizes(split.train().length, config.batch()),
                evaluationBatchSizes(split.validation().length, data.testSize())).throwIfStopping();
        listener.kernelsChecked(kernels);
        try (NDManager runScope = manager.newSubManager();
                Kernels.Scope routes = Kernels.route(kernels.routed())) {
            ParameterUpdater optimizer = config.optimizer().create(config.learningRate(), runScope);
            Random shuffle = new Random(config.seed());
            List<EpochResult> epochs = new ArrayList<>();
            long globalStep = 0;
            TrainingState saved = checkpoints.load(runScope);
            if (saved != null) {
                restore(saved, parameters, optimizer);
                shuffle = random(saved.shuffle());
                epochs.addAll(saved.epochs());
                globalStep = saved.step();
                listener.resumed(List.copyOf(epochs));
            }
            int n = split.train().length;
            int stepsPerEpoch = (n + config.batch() - 1) / config.batch();
            for (int epoch = epochs.size() + 1; epoch <= config.epochs() && !stagnated(epochs); epoch++) {
                long left = config.maxSteps() == 0 ? Long.MAX_VALUE : config.maxSteps() - globalStep;
                if (left <= 0) {
                    break;
                }
                int steps = (int) Math.min(stepsPerEpoch, left);
                listener.epochStarted(epoch, steps);
                long start = System.nanoTime();
                double lossSum = 0;
                long seen = 0;
                boolean diverged = false;
                try (NDManager epochScope = manager.newSubManager()) {
                    NDArray order = epochScope.create(shuffled(split.train(), shuffle));
                    for (int step = 0; step < steps && !diverged; step++) {
                        int from = step * config.batch();
                        int to = Math.min(n, from + config.batch());
                        double stepLoss;
                        try {
                            stepLoss = step(data, order, from, to, store, optimizer, trained, ++globalStep);
                        } catch (RuntimeException | LinkageError e) {
                            throw new TrainingFault(epoch, globalStep, step + 1, steps, TrainingFault.Phase.TRAINING, epochs, e);
                        }
                        diverged = !Double.isFinite(stepLoss);
                        lossSum += stepLoss * (to - from);
                        seen += to - from;
                        listener.stepEnded(step + 1, seen, lossSum / seen);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (diverged) {
                    epochs.add(new EpochResult(epoch, lossSum / seen, Double.NaN, Double.NaN, seconds));
                    listener.epochEnded(epochs.get(epochs.size() - 1));
                    return new RunResult(RunResult.DIVERGED, epochs, RunResult.DIVERGED, divergence.inEpoch(epoch));
                }
                phases.start();
                double[] val = {Double.NaN, Double.NaN};
                double[] test;
                TrainingFault.Phase evaluating = TrainingFault.Phase.VALIDATION;
                try {
                    if (split.validation().length > 0) {
                        val = evaluate(data, split.validation(), store);
                    }
                    evaluating = TrainingFault.Phase.TEST;
                    test = evaluate(data, null, store);
                } catch (RuntimeException | LinkageError e) {
                    throw new TrainingFault(epoch, globalStep, steps, steps, evaluating, epochs, e);
                }
                phases.mark(PhaseTimes.Phase.EVALUATION);
                EpochResult result = new EpochResult(epoch, lossSum / seen, test[0], test[1], seconds, val[0], val[1]);
                epochs.add(result);
                if (epoch < config.epochs() && config.maxSteps() == 0 && !stagnated(epochs)) {
                    checkpoints.save(new TrainingState(List.copyOf(epochs), globalStep, bytes(shuffle),
                            arrays(parameters), optimizer.steps(), optimizer.state(), observer.saveState()));
                }
                listener.epochEnded(result);
            }
            return new RunResult(RunResult.DONE, epochs, stagnated(epochs) ? RunResult.STAGNATED : RunResult.MAX_EPOCHS);
        }
    }

    /** The sizes of the training batches: full ones and a last, partial one where n leaves one. */
    static long[] batchSizes(int n, int batch) {
        int full = Math.min(n, batch);
        int last = n % batch;
        return last == 0 || last == full ? new long[] {full} : new long[] {full, last};
    }

    /** The sizes of the evaluation chunks over the validation split and the test set. */
    static long[] evaluationBatchSizes(int validation, int test) {
        return java.util.stream.LongStream.of(Math.min(validation, EVAL_CHUNK), validation % EVAL_CHUNK,
                Math.min(test, EVAL_CHUNK), test % EVAL_CHUNK).filter(b -> b > 0).distinct().toArray();
    }

    /**
     * Whether validation accuracy has not improved for {@code patience} epochs: the epochs after the
     * selected one (the first best) number at least patience. Derived from the epochs alone, so a run
     * resumed from a checkpoint decides as an uninterrupted one would.
     */
    private boolean stagnated(List<EpochResult> epochs) {
        if (config.patience() == 0 || epochs.isEmpty()) {
            return false;
        }
        EpochResult best = RunResult.selectedIn(epochs);
        return best != null && epochs.get(epochs.size() - 1).epoch() - best.epoch() >= config.patience();
    }

    /** Puts a checkpoint's parameters, optimizer state and observer state in place. */
    private void restore(TrainingState saved, List<Pair<String, Parameter>> parameters, ParameterUpdater optimizer) {
        if (!saved.parameters().keySet().equals(arrays(parameters).keySet())) {
            throw new IllegalStateException("the checkpoint holds parameters " + saved.parameters().keySet()
                    + ", the network " + arrays(parameters).keySet());
        }
        for (Pair<String, Parameter> p : parameters) {
            NDArray target = p.getValue().getArray();
            NDArray value = saved.parameters().get(p.getKey());
            if (!value.getShape().equals(target.getShape()) || value.getDataType() != target.getDataType()) {
                throw new IllegalStateException("the checkpoint's " + p.getKey() + " is " + value.getShape()
                        + " " + value.getDataType() + ", the network's " + target.getShape() + " " + target.getDataType());
            }
            // A copy in libtorch's own memory takes the place of the initial values: the decoded
            // array's storage is a Java buffer that goes when it is closed.
            target.intern(value.duplicate());
            if (p.getValue().requiresGradient()) {
                target.setRequiresGradient(true);
            }
        }
        optimizer.restore(saved.optimizerSteps(), saved.optimizer());
        observer.restoreState(saved.observer());
    }

    private static Map<String, NDArray> arrays(List<Pair<String, Parameter>> parameters) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters.forEach(p -> arrays.put(p.getKey(), p.getValue().getArray()));
        return arrays;
    }

    /** One optimisation step on examples order[from, to); returns the batch's mean loss. */
    private double step(
            TensorDataset data,
            NDArray order,
            int from,
            int to,
            ParameterStore store,
            ParameterUpdater optimizer,
            List<Pair<String, Parameter>> trained,
            long globalStep) {
        try (NDManager scope = order.getManager().newSubManager()) {
            observer.beforeStep(globalStep);
            phases.start();
            NDArray idx = order.get(new NDIndex(from + ":" + to));
            idx.attach(scope);
            NDArray x = data.trainInputs(idx, scope);
            NDArray y = data.trainLabels(idx, scope);
            phases.mark(PhaseTimes.Phase.DATA);
            NDArray batchLoss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.forward(store, new NDList(x), true).singletonOrThrow();
                batchLoss = loss.evaluate(new NDList(y), new NDList(logits));
                phases.mark(PhaseTimes.Phase.FORWARD);
                collector.backward(batchLoss);
            }
            phases.mark(PhaseTimes.Phase.BACKWARD);
            double value = batchLoss.getFloat();
            if (!Double.isFinite(value)) {
                // Only the step that diverged looks for where (its batch is still at hand): a
                // healthy step checks nothing beyond the loss it reads anyway.
                divergence = Divergence.locate(network, store, x, globalStep);
                return value;
            }
            optimizer.step(trained);
            phases.mark(PhaseTimes.Phase.OPTIMIZER);
            observer.afterUpdate(globalStep);
            return value;
        }
    }

    /**
     * Mean loss and accuracy, in evaluation mode, in chunks: of the given training rows, or of the
     * test set when rows is null.
     */
    private double[] evaluate(TensorDataset data, long[] rows, ParameterStore store) {
        int n = rows == null ? data.testSize() : rows.length;
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += EVAL_CHUNK) {
            int to = Math.min(n, from + EVAL_CHUNK);
            try (NDManager scope = data.manager().newSubManager()) {
                NDArray x;
                NDArray y;
                if (rows == null) {
                    x = data.testInputs(from, to, scope);
                    y = data.testLabels(from, to, scope);
                } else {
                    NDArray idx = scope.create(java.util.Arrays.copyOfRange(rows, from, to));
                    x = data.trainInputs(idx, scope);
                    y = data.trainLabels(idx, scope);
                }
                NDArray logits = network.forward(store, new NDList(x), false).singletonOrThrow();
                lossSum += loss.evaluate(new NDList(y), new NDList(logits)).getFloat() * (to - from);
                correct += logits.argMax(1).eq(y).sum().getLong();
            }
        }
        return new double[] {lossSum / n, (double) correct / n};
    }

    /**
     * The training set's rows split into the rows trained on and a validation split, drawn with a
     * generator of its own (so that without a validation split the data order is what it always was).
     */
    record Holdout(long[] train, long[] validation) {
        static Holdout of(int n, double fraction, long seed) {
            long[] all = new long[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            int held = (int) Math.round(n * fraction);
            if (held == 0) {
                return new Holdout(all, new long[0]);
            }
            if (held >= n) {
                throw new IllegalArgumentException("validation " + fraction + " leaves no training examples of " + n);
            }
            long[] order = shuffled(all, new Random(seed ^ 0x5A17_DA7AL));
            long[] validation = java.util.Arrays.copyOfRange(order, 0, held);
            long[] train = java.util.Arrays.copyOfRange(order, held, n);
            java.util.Arrays.sort(validation);
            java.util.Arrays.sort(train);
            return new Holdout(train, validation);
        }
    }

    /** A generator's exact state (java.util.Random is serialisable, its seed otherwise private). */
    private static byte[] bytes(Random random) {
        try (java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(b)) {
            out.writeObject(random);
            out.flush();
            return b.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Random random(byte[] state) {
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(state))) {
            return (Random) in.readObject();
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("the checkpoint's data-order generator is unreadable: " + e.getMessage(), e);
        }
    }

    /** A permutation of 0..n-1 from the given generator (Fisher–Yates). */
    static long[] permutation(int n, Random random) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return shuffled(p, random);
    }

    /** The rows in an order drawn from the generator (Fisher–Yates on a copy). */
    static long[] shuffled(long[] rows, Random random) {
        long[] p = rows.clone();
        int n = p.length;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
