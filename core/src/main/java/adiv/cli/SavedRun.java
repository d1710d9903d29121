package adiv.cli;

import adiv.maps.Method;
import adiv.maps.Methods;
import adiv.train.EpochResult;
import adiv.train.RunConfig;
import adiv.train.RunResult;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code adiv train --out DIR} saves: the run as a one-run sweep spec ({@value #SPEC}), its
 * epochs ({@value #EPOCHS}), the result as {@code --json} prints it ({@value #RESULT}) and the
 * parameters after the last epoch ({@value #PARAMETERS}, DJL's {@link Model#save}). A run that
 * diverged saves no parameters (they are no longer finite), nor does one whose network threw (it
 * stopped in the middle of a step or an evaluation); the latter's stack trace goes in {@value #ERROR}.
 * A parameters file or trace an earlier run left in DIR that this run's would contradict is removed.
 * A DJL program loads the parameters into the network the spec builds:
 *
 * <pre>{@code
 * RunConfig run = SweepSpec.parse(Files.readString(dir.resolve("run.yaml")), "run.yaml").runs().get(0).runConfig();
 * Model model = Model.newInstance("adiv");
 * model.setBlock(Networks.build(run, 784, new int[] {1, 28, 28}, 10));
 * model.load(dir, "adiv");
 * }</pre>
 */
final class SavedRun {

    static final String SPEC = "run.yaml";
    static final String EPOCHS = "epochs.csv";
    static final String RESULT = "result.json";
    static final String PARAMETERS = "adiv-0000.params";
    /** A failed run's error line and stack trace. */
    static final String ERROR = "error.txt";
    /** The name a composed method gets in run.yaml when the flags named a map and a normaliser. */
    private static final String COMPOSED = "this-run";

    private SavedRun() {}

    /** The trained network's parameters, as DJL saves a model's. */
    static void saveModel(Block network, Path dir) {
        try (Model model = Model.newInstance("adiv")) {
            model.setBlock(network);
            model.save(dir, "adiv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The run's spec, epochs and result; an earlier run's parameters are removed when this run
     * saves none (it did not finish), an earlier run's error when this one had no fault.
     */
    static void save(TrainOptions flags, RunResult result, Map<String, Object> report, Path dir) throws IOException {
        if (!RunResult.DONE.equals(result.status())) {
            Files.deleteIfExists(dir.resolve(PARAMETERS));
        }
        if (!RunResult.FAILED.equals(result.status())) {
            Files.deleteIfExists(dir.resolve(ERROR));
        }
        Files.writeString(dir.resolve(SPEC), spec(flags), StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("epoch,train_loss,val_loss,val_acc,test_loss,test_acc,seconds,selected\n");
        EpochResult selected = result.selected();
        for (EpochResult e : result.epochs()) {
            csv.append(e.epoch()).append(',').append(cell(e.trainLoss())).append(',').append(cell(e.valLoss())).append(',')
                    .append(cell(e.valAcc())).append(',').append(cell(e.testLoss())).append(',').append(cell(e.testAcc()))
                    .append(',').append(e.seconds()).append(',').append(e == selected).append('\n');
        }
        Files.writeString(dir.resolve(EPOCHS), csv, StandardCharsets.UTF_8);
        try (java.io.Writer w = Files.newBufferedWriter(dir.resolve(RESULT), StandardCharsets.UTF_8);
                java.io.PrintWriter out = new java.io.PrintWriter(w)) {
            Output.json(out, report);
        }
    }

    /** A fault's line and stack trace, in {@value #ERROR}. */
    static void saveError(Path dir, String text) throws IOException {
        Files.writeString(dir.resolve(ERROR), text, StandardCharsets.UTF_8);
    }

    /** What {@link #save} (with the parameters or the error) wrote, in words, for the line that says so. */
    static String saved(RunResult result, adiv.train.TrainingFault fault) {
        if (fault != null) {
            int n = result.epochs().size();
            return SPEC + ", " + EPOCHS + " (" + (n == 0 ? "no epoch" : n == 1 ? "the 1 epoch" : "the " + n + " epochs")
                    + " finished before the fault), " + RESULT + " (status failed, and where) and " + ERROR
                    + " (the stack trace); not the parameters: the network failed in the middle of epoch " + fault.epoch();
        }
        if (RunResult.DIVERGED.equals(result.status())) {
            return SPEC + ", " + EPOCHS + " and " + RESULT + " (status diverged, and where); not the parameters: they are"
                    + " no longer finite";
        }
        return SPEC + ", " + EPOCHS + ", " + RESULT + " and " + PARAMETERS;
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    /**
     * The run as a sweep spec of one run: the method by its name where the flags named one (or where
     * the map and normaliser are a method's), else composed under {@code methods:}.
     */
    static String spec(TrainOptions flags) {
        RunConfig run = flags.runConfig(0);
        Method m = flags.method();
        String method = flags.method != null ? flags.method : Methods.catalogue().all().values().stream()
                .filter(b -> b.map().equals(m.map()) && b.norm().equals(m.norm()) && b.lrScale() == 1)
                .map(Method::name).findFirst().orElse(null);
        StringBuilder y = new StringBuilder("# adiv train's run as a sweep spec of one run: adiv sweep run.yaml --out DIR"
                + " trains it again\nname: train\n");
        y.append("model: ").append(run.model().id()).append('\n');
        y.append("dataset: ").append(run.dataset().id()).append('\n');
        y.append("preprocessing: ").append(run.preprocessing().name().toLowerCase()).append('\n');
        if (method == null) {
            y.append("methods:\n  ").append(COMPOSED).append(": {map: \"").append(m.map()).append("\", norm: ")
                    .append(m.norm()).append("}\n");
            method = COMPOSED;
        }
        y.append("method: ").append(method).append('\n');
        y.append("act: ").append(run.activation()).append('\n');
        y.append("width: ").append(run.width()).append('\n');
        y.append("depth: ").append(run.depth()).append('\n');
        y.append("correct_first: ").append(run.correctFirst()).append('\n');
        y.append("correct_output: ").append(run.correctOutput()).append('\n');
        y.append("init: ").append(run.init().name().toLowerCase().replace('_', '-')).append('\n');
        var t = run.training();
        y.append("max_epochs: ").append(t.epochs()).append('\n');
        y.append("validation: ").append(t.validation()).append('\n');
        y.append("patience: ").append(t.patience() == 0 ? "none" : String.valueOf(t.patience())).append('\n');
        y.append("batch: ").append(t.batch()).append('\n');
        y.append("lr: ").append(flags.lr).append('\n'); // the method's factor applies on top, as in a sweep
        y.append("opt: ").append(t.optimizer().name().toLowerCase()).append('\n');
        y.append("precision: ").append(t.precision().label()).append('\n');
        y.append("seeds: [").append(t.seed()).append("]\n");
        return y.toString();
    }
}
