package adiv.cli;

import adiv.probe.AttentionProbe;
import adiv.probe.Probe;
import adiv.probe.ProbeRecord;
import adiv.train.RunResult;
import adiv.train.TrainConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code adiv probe}: trains a network and measures its layers' actual vs ideal updates. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a network (the flags of 'adiv train') with the divergence probe on: every"
                + " --every steps, for every affine-type layer, on the current batch, the actual"
                + " update of the layer's output dz_s (input held fixed) against its steepest"
                + " descent -eta g_s and against the SGD kernel's prediction (MATH.md §1-4).",
            "ratio r_s = <dz_s, -g_s>/(eta |g_s|^2); predicted: mean K_ss; cv: spread of r over"
                + " the batch (std/mean); spread: the same weighted by each sample's |g_s|^2 (MATH.md"
                + " §4; what a ratio-spread claim compares: samples with a vanishing gradient do not"
                + " dominate it); corr: correlation of r with |x_s|^2+1; interference: cross-sample"
                + " share of the update, actual and as the kernel predicts.",
            "With --model cnn every convolution is probed per patch (MATH.md §5): per-sample values"
                + " are over the sample's whole output, and the kernel's interference splits into"
                + " cross-patch (other positions of the same sample) and cross-sample.",
            "With --json it prints one JSON object per probed step and layer."
        },
        subcommands = {ProbeCommand.Attention.class})
final class ProbeCommand extends ResultCommand {

    @Option(names = "--every", description = "Probe every N steps (default: ${DEFAULT-VALUE}).")
    int every = 50;

    @Option(names = "--steps", description = "Stop after this many training steps (default: all epochs).")
    long steps;

    @Mixin TrainOptions run = new TrainOptions();

    @Override
    public Integer call() {
        run.validate();
        if (every <= 0) {
            throw new UserError("--every must be positive, got " + every);
        }
        if (steps < 0) {
            throw new UserError("--steps must be 0 (all epochs) or more, got " + steps);
        }
        TrainConfig config = run.config(steps);
        Probe probe = new Probe(every, config.learningRate(), run.layerName(), r -> {});
        TrainCommand.Trained trained = TrainCommand.train(spec.commandLine().getErr(), "probe", run, config, probe,
                "; probing every " + every + " steps");
        RunResult result = trained.result();
        if (trained.fault() != null) {
            TrainCommand.reportFault(spec.commandLine().getErr(), "probe", run, trained.fault(), false);
        }
        // What was probed before a fault is printed all the same: the steps it measured are results.
        int code = trained.fault() == null ? 0 : Main.FAILED;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, probe.records());
            return code;
        }
        TrainCommand.summary(out, result, trained.fault());
        out.println();
        summary(out, probe.records(), config);
        return code;
    }

    /**
     * Per layer, the mean over probed steps of each statistic; in a residual MLP a block's output
     * (map "block") has its own row after its map's.
     */
    private static void summary(PrintWriter out, List<ProbeRecord> records, TrainConfig config) {
        Map<String, List<ProbeRecord>> byLayer = new TreeMap<>();
        for (ProbeRecord r : records) {
            String key = String.format("%06d %d", r.layer(), adiv.probe.ProbedBlock.MAP.equals(r.map()) ? 1 : 0);
            byLayer.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        out.printf(
                "Probe: %d probed steps, %s, eta %s, batch %d. Means over the probed steps:%n%n",
                byLayer.isEmpty() ? 0 : byLayer.values().iterator().next().size(),
                config.optimizer().name().toLowerCase(), config.learningRate(), config.batch());
        Output.Table table =
                new Output.Table(
                                "layer", "map", "ratio", "predicted", "cv", "spread", "corr |x|^2+1",
                                "cosine", "interf. actual", "interf. kernel", "cross-patch",
                                "cross-sample")
                        .right(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        for (Map.Entry<String, List<ProbeRecord>> e : byLayer.entrySet()) {
            List<ProbeRecord> rs = e.getValue();
            table.row(
                    rs.get(0).layer(),
                    rs.get(0).map(),
                    fmt(mean(rs, ProbeRecord::ratioMean)),
                    fmt(mean(rs, ProbeRecord::predictedRatioMean)),
                    fmt(mean(rs, ProbeRecord::ratioCv)),
                    fmt(mean(rs, ProbeRecord::ratioSpread)),
                    fmt(mean(rs, ProbeRecord::corrRatioNorm)),
                    fmt(mean(rs, ProbeRecord::cosineMean)),
                    fmt(mean(rs, ProbeRecord::interferenceActual)),
                    fmt(mean(rs, ProbeRecord::interferenceKernel)),
                    fmt(mean(rs, ProbeRecord::interferencePatch)),
                    fmt(mean(rs, ProbeRecord::interferenceSample)));
        }
        table.print(out);
    }

    private static double mean(List<ProbeRecord> rs, java.util.function.Function<ProbeRecord, Number> f) {
        double sum = 0;
        int n = 0;
        for (ProbeRecord r : rs) {
            Number v = f.apply(r);
            if (v != null && Double.isFinite(v.doubleValue())) {
                sum += v.doubleValue();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.4g", v);
    }

    /** {@code adiv probe attention}. */
    @Command(
            name = "attention",
            mixinStandardHelpOptions = true,
            description = {
                "One query-key correlation layer S = (XQ)(XK)^T on random tokens: the actual update"
                    + " of S after a plain SGD step against its steepest descent -eta G (MATH.md §6),"
                    + " with raw tokens and with tokens scaled by one global scalar."
            })
    static final class Attention extends ResultCommand {

        @Option(names = "--tokens", description = "Tokens T (default: ${DEFAULT-VALUE}).")
        int tokens = 16;

        @Option(names = "--dim", description = "Token width d (default: ${DEFAULT-VALUE}).")
        int dim = 32;

        @Option(names = "--key-dim", description = "Query/key width (default: ${DEFAULT-VALUE}).")
        int keyDim = 16;

        @Option(names = "--lr", description = "Step size (default: ${DEFAULT-VALUE}).")
        float lr = 1e-5f;

        @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Override
        public Integer call() {
            if (tokens < 2 || dim <= 0 || keyDim <= 0) {
                throw new UserError("--tokens must be at least 2 and --dim, --key-dim positive");
            }
            if (!(lr > 0)) {
                throw new UserError("--lr must be positive, got " + lr);
            }
            List<AttentionProbe.Result> results = AttentionProbe.run(tokens, dim, keyDim, lr, seed);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, results);
                return 0;
            }
            out.printf(
                    "QK correlation layer, T=%d, d=%d, d_k=%d, one SGD step of %s (float64).%n%n",
                    tokens, dim, keyDim, lr);
            Output.Table table =
                    new Output.Table("tokens", "cos(dS, -G)", "ratio", "row ratio cv", "1st-order error")
                            .right(1, 2, 3, 4);
            for (AttentionProbe.Result r : results) {
                table.row(
                        r.tokens(),
                        String.format("%.4f", r.cosine()),
                        String.format("%.4g", r.ratio()),
                        String.format("%.3f", r.rowRatioCv()),
                        String.format("%.2e", r.firstOrderError()));
            }
            table.print(out);
            out.println();
            out.println(
                    "An ideal step would have cosine 1 and the same ratio for every token; a global"
                            + " scalar rescales the ratio but leaves the direction and the spread.");
            return 0;
        }
    }
}
