package adiv.cli;

import adiv.maps.AffineMap;
import adiv.maps.Init;
import adiv.maps.Kernel;
import adiv.maps.Method;
import adiv.maps.Methods;
import adiv.maps.NormalisedAffine;
import adiv.maps.NormalisedMap;
import adiv.maps.Normalisers;
import adiv.maps.PluginCheck;
import adiv.probe.IdentityRow;
import adiv.probe.OneStepIdentities;
import adiv.train.KernelCheck;
import ai.djl.ndarray.types.DataType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code adiv theory}: the one-step identities of MATH.md §1–4 measured on real SGD steps. */
@Command(
        name = "theory",
        mixinStandardHelpOptions = true,
        description = {
            "Takes one plain SGD step on each map with random x, W, b and upstream gradient g, and"
                + " compares the measured activation update with the theory (MATH.md §1-4).",
            "single: the ratio dz/(-eta g), predicted ||x||^2+1 for affine, 1 for the aligned"
                + " corrections, 2 for norm-like.",
            "batch: the whole B x B kernel K of dz_s = -eta sum_t K_st g_t, measured one column at"
                + " a time; rel_error is the worst entry.",
            "Then the kernel check: every libtorch kernel the default MLP and CNN call (linear,"
                + " conv2d, max and average pooling), at their shapes, in float32 against float64 and"
                + " float64 against direct sums; training runs the same check on its own network.",
            "Exit status 1 if any rel_error exceeds 1e-3, or a kernel is wrong and adiv cannot route"
                + " around it."
        })
final class TheoryCommand extends ResultCommand {

    @Option(names = "--inputs", description = "Input width n (default: ${DEFAULT-VALUE}).")
    int inputs = OneStepIdentities.Settings.defaults().inputs();

    @Option(names = "--outputs", description = "Output width m (default: ${DEFAULT-VALUE}).")
    int outputs = OneStepIdentities.Settings.defaults().outputs();

    @Option(names = "--batch", description = "Batch size of the kernel check (default: ${DEFAULT-VALUE}).")
    int batch = OneStepIdentities.Settings.defaults().batch();

    @Option(names = "--lr", description = "SGD step size eta (default: ${DEFAULT-VALUE}).")
    float lr = OneStepIdentities.Settings.defaults().learningRate();

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = OneStepIdentities.Settings.defaults().seed();

    @Option(names = "--map", paramLabel = "NAME", description = "Check this method's map alone (adiv methods lists them,"
            + " a plug-in's included): its measured step against its own kernel where it states one, and the spread of"
            + " K_ss across the batch either way; no kernel check of the default networks.")
    String map;

    @Option(
            names = "--dtype",
            description = "float64 (default) or float32: float32 shows rounding, not mathematics.")
    String dtype = "float64";

    /** Why the method checked with --map states no kernel (null when it does, or without --map). */
    private String noKernel;

    @Override
    public Integer call() {
        OneStepIdentities.Settings settings =
                new OneStepIdentities.Settings(
                        positive("--inputs", inputs),
                        positive("--outputs", outputs),
                        positive("--batch", batch),
                        learningRate(),
                        seed,
                        dataType());
        List<IdentityRow> rows;
        KernelCheck.Report kernels = null;
        if (map != null) {
            rows = oneMap(map, settings);
        } else {
            rows = new ArrayList<>(OneStepIdentities.checkAll(settings));
            rows.addAll(adiv.probe.PatchIdentities.checkAll(seed));
            rows.addAll(adiv.probe.ResidualIdentities.checkAll(settings));
            kernels = KernelCheck.afresh().ofDefaultNetworks();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("identities", rows.stream().map(TheoryCommand::jsonRow).toList());
            if (map != null) {
                report.put("kernel_stated", noKernel == null);
                report.put("none_stated_because", noKernel);
            }
            if (kernels != null) {
                report.put("kernels", kernelsJson(kernels));
            }
            Output.json(out, report);
        } else {
            printTable(out, rows, settings);
            if (noKernel != null) {
                out.printf("%n%s states no one-step kernel: %s. Its rows measure K_ss, the step each sample's output"
                        + " takes (ratio to -eta g), with nothing predicted.%n", map, noKernel);
                out.flush();
            }
            if (kernels != null) {
                printKernels(out, kernels);
            }
        }
        return rows.stream().allMatch(IdentityRow::passed) && (kernels == null || kernels.stopping().isEmpty())
                ? 0 : Main.FAILED;
    }

    /**
     * One method as training builds its corrected layer: its normaliser (adiv's or a plug-in's, built
     * for the layer's input width) before its map, stepped whole, against the layer's kernel where
     * every part states one (MATH.md §8), and otherwise measured with "none stated" (never another
     * method's numbers); PatchNorm by the patch check. A name that is only a map ({@code
     * structural:0.9}) is the map alone.
     */
    private List<IdentityRow> oneMap(String name, OneStepIdentities.Settings settings) {
        Methods catalogue = Methods.catalogue();
        Method method = catalogue.all().containsKey(name) ? catalogue.get(name) : catalogue.requireMap("--map", name);
        Method forms = catalogue.forms(method);
        PluginCheck.check(catalogue, method);
        if (forms.dense() == null) {
            List<IdentityRow> patch = adiv.probe.PatchIdentities.checkAll(settings.seed()).stream()
                    .filter(r -> r.map().equals(forms.name())).toList();
            if (patch.isEmpty() || !method.norm().equals(Normalisers.NONE)) {
                throw new UserError("--map " + name + ": its map '" + forms.name() + "' has only a convolutional form"
                        + (method.norm().equals(Normalisers.NONE) ? "" : " (with the normaliser " + method.norm() + ")")
                        + "; adiv theory --map checks a dense form (one for an MLP) or adiv's PatchNorm");
            }
            return patch;
        }
        noKernel = catalogue.kernelMissing(method);
        List<IdentityRow> rows = new ArrayList<>(
                OneStepIdentities.check(name, layer(catalogue, method, forms, settings.inputs()), noKernel == null, settings));
        if (noKernel == null) {
            // The same layer as a residual block's map (width → width), MATH.md §7.
            rows.addAll(adiv.probe.ResidualIdentities.check(name, layer(catalogue, method, forms, settings.outputs()),
                    settings));
        }
        return rows;
    }

    /** The method's layer as training builds it, normaliser (built for the input width n) then map, by its output width. */
    private static IntFunction<AffineMap> layer(Methods catalogue, Method method, Method forms, int n) {
        String norm = method.norm();
        if (norm.equals(Normalisers.NONE)) {
            return units -> catalogue.dense(forms, n, units, Init.PYTORCH);
        } else if (forms.name().equals("affine")) {
            return units -> NormalisedAffine.builder().setUnits(units).setNormaliser(Normalisers.byName(norm, n)).build();
        }
        return units -> new NormalisedMap(Normalisers.byName(norm, n), catalogue.dense(forms, n, units, Init.PYTORCH));
    }

    /** The kernel check as JSON: its summary, the routed kernels, every comparison. */
    private static Map<String, Object> kernelsJson(KernelCheck.Report kernels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", kernels.summary());
        m.put("cpu", kernels.cpu());
        m.put("libtorch", kernels.libtorch());
        m.put("threads", kernels.threads());
        m.put("routed", kernels.routed().stream().map(Kernel::label).toList());
        m.put("rows", kernels.rows().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kernel", r.call().kernel().label());
            row.put("precision", r.call().precision().label());
            row.put("part", r.part().label());
            row.put("call", r.call().describe());
            row.put("rel_error", TrainCommand.finite(r.error()));
            row.put("reference_error", TrainCommand.finite(r.referenceError()));
            row.put("routed_error", TrainCommand.finite(r.routedError()));
            row.put("passed", !r.wrong() && !r.referenceWrong());
            return row;
        }).toList());
        return m;
    }

    /** One line per kernel, precision and part: the worst over its calls. */
    private static void printKernels(PrintWriter out, KernelCheck.Report kernels) {
        out.printf("%nThe kernels behind them (%s, libtorch %s, %d thread%s): each call of the default MLP and"
                        + " CNN (PatchNorm) at batches of training and evaluation, against float64;"
                        + " float64 against direct sums.%n%n", kernels.cpu(), kernels.libtorch(), kernels.threads(),
                kernels.threads() == 1 ? "" : "s");
        Output.Table table = new Output.Table("kernel", "precision", "part", "calls", "worst error", "tolerance",
                "reference", "").right(3, 4, 5, 6);
        Map<String, List<KernelCheck.Row>> groups = new LinkedHashMap<>();
        kernels.rows().forEach(r -> groups.computeIfAbsent(r.call().kernel() + " " + r.call().precision() + " "
                + r.part(), k -> new ArrayList<>()).add(r));
        for (List<KernelCheck.Row> group : groups.values()) {
            KernelCheck.Row first = group.get(0);
            KernelCheck.Row worst = group.stream().max(Comparator.comparingDouble(
                    r -> Double.isNaN(r.error()) ? Double.POSITIVE_INFINITY : r.error())).orElseThrow();
            double reference = group.stream().mapToDouble(r -> Double.isNaN(r.referenceError())
                    ? Double.POSITIVE_INFINITY : r.referenceError()).max().orElse(0);
            boolean wrong = group.stream().anyMatch(r -> r.wrong() || r.referenceWrong());
            boolean stops = group.stream().anyMatch(KernelCheck.Row::stops);
            table.row(first.call().kernel().label(), first.call().precision().label(), first.part().label(),
                    String.valueOf(group.size()), String.format("%.2e", worst.error()),
                    String.format("%.0e", worst.tolerance()), String.format("%.2e", reference),
                    !wrong ? "ok" : stops ? "WRONG" : "WRONG, routed through float64");
        }
        table.print(out);
        String notice = kernels.notice();
        out.printf("%n%s%n", kernels.ok() ? "Every kernel agrees with float64 (the worst call is in --json)."
                : notice != null ? "adiv: " + notice
                : "adiv: " + kernels.stopping().get(0).describe() + ": training stops on this machine.");
        out.flush();
    }

    /** The JSON fields: map, case, predicted, measured, rel_error, passed. */
    private static java.util.Map<String, Object> jsonRow(IdentityRow r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("map", r.map());
        m.put("case", r.testCase());
        m.put("predicted", r.predicts() ? r.predicted() : null);
        m.put("measured", r.measured());
        m.put("rel_error", r.predicts() ? r.relError() : null);
        m.put("measured_min", r.measuredMin());
        m.put("measured_max", r.measuredMax());
        m.put("passed", r.passed());
        return m;
    }

    private static void printTable(
            PrintWriter out, List<IdentityRow> rows, OneStepIdentities.Settings s) {
        out.printf(
                "One plain SGD step, eta=%s, n=%d, m=%d, batch=%d, %s. single: dz/(-eta g);"
                        + " batch: mean and range over samples of K_ss; block map: a residual block's map, its step"
                        + " against its kernel with the gradient it gets through the block (MATH.md §7); block output:"
                        + " the step of z + tanh(M(z)), measured, not predicted.%n%n",
                s.learningRate(), s.inputs(), s.outputs(), s.batch(),
                s.dataType().toString().toLowerCase());
        Output.Table table =
                new Output.Table(
                                "map", "case", "predicted", "measured", "per-sample range",
                                "rel_error", "")
                        .right(2, 3, 5);
        for (IdentityRow r : rows) {
            table.row(
                    r.map(),
                    r.testCase(),
                    r.predicts() ? String.format("%.6f", r.predicted())
                            : r.testCase().equals(adiv.probe.ResidualIdentities.OUTPUT_CASE) ? "not predicted" : "none stated",
                    String.format("%.6f", r.measured()),
                    !r.testCase().equals("single")
                            ? String.format("%.4g .. %.4g", r.measuredMin(), r.measuredMax())
                            : "",
                    r.predicts() ? String.format("%.2e", r.relError()) : "-",
                    !r.predicts() ? "measured" : r.passed() ? "ok" : "FAIL");
        }
        table.print(out);
        List<String> divergent =
                rows.stream()
                        .filter(r -> r.testCase().equals("batch"))
                        .filter(r -> r.measuredMax() > 1.01 * r.measuredMin())
                        .map(IdentityRow::map)
                        .toList();
        out.printf(
                "%nThe step a sample's output takes differs between samples (max/min K_ss > 1.01)"
                        + " for: %s.%n",
                divergent.isEmpty() ? "none" : String.join(", ", divergent));
        long failed = rows.stream().filter(r -> !r.passed()).count();
        out.printf(
                "%n%s%n",
                failed == 0
                        ? "All identities hold within " + IdentityRow.TOLERANCE + "."
                        : failed + " identities exceed the tolerance " + IdentityRow.TOLERANCE + ".");
        out.flush();
    }

    private static int positive(String option, int value) {
        if (value <= 0) {
            throw new UserError(option + " must be a positive integer, got " + value);
        }
        return value;
    }

    private float learningRate() {
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new UserError("--lr must be a positive number, got " + lr);
        }
        return lr;
    }

    private DataType dataType() {
        switch (dtype.toLowerCase()) {
            case "float64":
                return DataType.FLOAT64;
            case "float32":
                return DataType.FLOAT32;
            default:
                throw new UserError("--dtype must be float64 or float32, got '" + dtype + "'");
        }
    }
}
