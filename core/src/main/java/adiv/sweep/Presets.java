package adiv.sweep;

import adiv.train.RunDefaults;
import java.util.List;
import java.util.Locale;

/**
 * The paper's experiments as sweep specs, each at three scales.
 *
 * <ul>
 *   <li>{@code fig1}: the normalisers and the affine-like map × {tanh, leaky-ReLU} × widths ×
 *       depths;
 *   <li>{@code fig2}: the width trend (tanh);
 *   <li>{@code fig5}: no activation, so that parameterless normalisers are the only nonlinearity;
 *   <li>{@code table1}: the same methods × activations × batch sizes (accuracy and its slope);
 *   <li>{@code fig8}: convolutional networks ({@code model: cnn}, two conv blocks at the quick and
 *       paper scales): PatchNorm in both forms against the plain convolution alone and followed by
 *       BatchNorm2d, LayerNorm over (C, H, W) and RMS over channels, × activations × channel widths;
 *   <li>{@code fig9}: a deeper CNN (three conv blocks) × batch sizes, so that the batch-size
 *       prediction is tested where patches, not only samples, interfere (MATH.md §5).
 * </ul>
 *
 * <p>The paper's text says only that Figs 8–9 test "unique convolutional networks" with PatchNorm
 * against conventional normalisers; the two networks and the batch axis of fig9 are the project's
 * choices.
 *
 * <p>The methods are plain affine, BatchNorm, LayerNorm, RMSNorm, L2 at η and at η/2 (its step is
 * doubled), and affine-like; at the paper scale (and in Table 1 from the quick scale on) also,
 * beyond the paper, both gradient-only corrections, the structural family (ρ = ½), DyT and DyISRU. Every method trains with
 * one set of hyperparameters: Adam at 1e-3 (PyTorch's defaults), batch 128 where the batch is not
 * the variable, standardised inputs, PyTorch's initialisation, the correction on every affine layer.
 * The paper's own numbers for these were lost with its equations; these are the project's choices.
 *
 * <p>Every preset declares its claims ({@link #claims}), which its report evaluates at every scale.
 * Scales: {@code verdict} is the protocol that can answer them (see {@link #verdict}); {@code smoke} checks the machinery in 5 to 50 seconds per preset on two cores (one
 * epoch, one seed; it shows nothing about the claims), {@code quick} takes minutes per preset (two
 * epochs, two seeds; the four MLP presets in about 10 minutes on two cores, all six in about 30:
 * BENCHMARKS.md), {@code paper} is the full design for a GPU or a cluster (twenty epochs, five seeds,
 * wide grids). Short training favours plain affine layers: the corrected networks learn more slowly
 * at first (MATH.md §9), so only long runs speak to the paper's claims.
 */
public final class Presets {

    /** The presets, in the order {@code all} runs them. */
    public static final List<String> NAMES = List.of("fig1", "fig2", "fig5", "table1", "fig8", "fig9");

    /** The scales. */
    public static final List<String> SCALES = List.of("smoke", "quick", "paper", "verdict");

    /** The methods of the verdict scale: what the claims compare, no more. */
    private static final String VERDICT_METHODS = "[affine, batchnorm, layernorm, rmsnorm, affine-like]";
    private static final String VERDICT_TABLE1_METHODS = "[batchnorm, layernorm, rmsnorm, l2, affine-like]";
    private static final List<String> CONVENTIONAL = List.of("batchnorm", "layernorm", "rmsnorm");
    private static final String VERDICT_CNN_METHODS = "[batchnorm, layernorm, rmsnorm, patchnorm-affine-like, patchnorm-norm-like]";
    /**
     * fig9's verdict keeps its batch axis and compares with BatchNorm alone, the convolutions' usual
     * normaliser: its three-block network costs 10–14 s an epoch on one core, and with all three
     * conventional normalisers at two batch sizes it would take about 2.5 hours on two cores
     * (BENCHMARKS.md); fig8 compares with all three.
     */
    private static final String VERDICT_FIG9_METHODS = "[batchnorm, patchnorm-affine-like, patchnorm-norm-like]";

    private static final String PAPER_METHODS = "[affine, batchnorm, layernorm, rmsnorm, l2, l2-half, affine-like]";
    private static final String ALL_METHODS = "[affine, batchnorm, layernorm, rmsnorm, l2, l2-half, affine-like,"
            + " gradient-only-proportional, gradient-only-disproportional, structural, dyt, dyisru]";
    private static final String CNN_METHODS = "[affine, batchnorm, layernorm, rmsnorm, patchnorm-affine-like,"
            + " patchnorm-norm-like, patchnorm-norm-like-half]";

    /** The batch where it is not the variable: the default's (one set of hyperparameters). */
    /** The optimiser and its step, the defaults': the same for every method. */
    private static final String OPTIMISER = "lr: " + RunDefaults.LR + "\nopt: " + RunDefaults.OPT + "\n";
    private static final String DEFAULT_BATCH = "batch: " + RunDefaults.BATCH + "\n";

    private Presets() {}

    /**
     * The spec of a preset at a scale on a data set, as YAML.
     *
     * @throws IllegalArgumentException for an unknown preset or scale
     */
    public static String yaml(String preset, String scale, String dataset) {
        if (!NAMES.contains(preset)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "': expected " + String.join(", ", NAMES) + " or all");
        }
        if (!SCALES.contains(scale)) {
            throw new IllegalArgumentException("unknown scale '" + scale + "': expected " + String.join(", ", SCALES));
        }
        if (scale.equals("verdict")) {
            return verdict(preset, dataset) + claims(preset, preset.equals("fig9") ? List.of("batchnorm") : CONVENTIONAL);
        }
        boolean smoke = scale.equals("smoke");
        boolean paper = scale.equals("paper");
        // The extra rows run at the paper scale, and in Table 1 at the quick scale too: the four MLP
        // presets' quick scale stays near ten minutes on two cores (BENCHMARKS.md, Sweeps).
        boolean cnn = preset.equals("fig8") || preset.equals("fig9");
        String methods = cnn ? CNN_METHODS : paper || (preset.equals("table1") && !smoke) ? ALL_METHODS : PAPER_METHODS;
        String epochs = smoke ? "1" : paper ? "20" : "2";
        String seeds = smoke ? "[1]" : paper ? "[1, 2, 3, 4, 5]" : "[1, 2]";
        String width = smoke ? "64" : paper ? "256" : "128";
        String depth = smoke ? "1" : "2";
        String acts = paper ? "[tanh, leaky-relu, isotropic-tanh]" : "[tanh, leaky-relu]";
        StringBuilder y = new StringBuilder();
        y.append("name: ").append(preset).append('-').append(scale).append('\n');
        y.append("dataset: ").append(dataset).append('\n');
        if (cnn) {
            y.append("model: cnn\n");
        }
        y.append("max_epochs: ").append(epochs).append('\n');
        // These scales train a fixed number of epochs, selected on the validation split all the same.
        y.append("patience: none\n");
        y.append(OPTIMISER);
        // The probe watches every run (its cost is within noise, BENCHMARKS.md): probe curves.
        y.append("probe_every: 200\n");
        y.append("seeds: ").append(seeds).append('\n');
        switch (preset) {
            case "fig1":
                y.append(DEFAULT_BATCH);
                y.append("grid:\n  method: ").append(methods).append('\n');
                y.append("  act: ").append(acts).append('\n');
                y.append("  width: ").append(smoke ? "[32, 64]" : paper ? "[64, 256, 1024]" : "[64, 256]").append('\n');
                y.append("  depth: ").append(smoke ? "[1]" : paper ? "[1, 2, 4]" : "[1, 2]").append('\n');
                break;
            case "fig2":
                y.append(DEFAULT_BATCH).append("act: tanh\ndepth: ").append(depth).append('\n');
                y.append("grid:\n  method: ").append(methods).append('\n');
                y.append("  width: ").append(smoke ? "[16, 64]" : paper ? "[16, 32, 64, 128, 256, 512, 1024, 2048]" : "[16, 64, 256]").append('\n');
                break;
            case "fig5":
                y.append(DEFAULT_BATCH).append("act: none\nwidth: ").append(width).append("\ndepth: ").append(depth).append('\n');
                y.append("grid:\n  method: ").append(methods).append('\n');
                break;
            case "fig8":
                y.append(DEFAULT_BATCH).append("depth: ").append(smoke ? "1" : "2").append('\n');
                y.append("grid:\n  method: ").append(methods).append('\n');
                y.append("  act: ").append(smoke ? "[tanh]" : "[tanh, leaky-relu]").append('\n');
                y.append("  width: ").append(smoke ? "[8]" : paper ? "[16, 32, 64]" : "[16]").append('\n');
                break;
            case "fig9":
                y.append("width: ").append(smoke || !paper ? "8" : "32").append("\ndepth: ")
                        .append(smoke ? "1" : "3").append('\n');
                y.append("grid:\n  method: ").append(methods).append('\n');
                y.append("  act: ").append(paper ? "[tanh, leaky-relu]" : "[tanh]").append('\n');
                y.append("  batch: ").append(smoke ? "[128, 512]" : paper ? "[16, 32, 64, 128, 256, 512, 1024]" : "[64, 256, 1024]").append('\n');
                break;
            default: // table1
                y.append("width: ").append(width).append("\ndepth: ").append(depth).append('\n');
                y.append("grid:\n  method: ").append(methods).append('\n');
                y.append("  act: ").append(acts).append('\n');
                y.append("  batch: ").append(smoke ? "[32, 128, 512]" : paper ? "[16, 32, 64, 128, 256, 512, 1024]" : "[32, 128, 512]").append('\n');
                break;
        }
        return y.toString().toLowerCase(Locale.ROOT) + claims(preset, CONVENTIONAL);
    }

    /**
     * The verdict scale: the protocol of MATH.md §10 (a 10% validation split, training until validation
     * accuracy has not improved for 10 epochs, at most 100 epochs for an MLP and 40 for a CNN), five
     * seeds, and grids trimmed to what each claim needs, so that a preset takes about an hour on two
     * cores with Fashion-MNIST (BENCHMARKS.md).
     */
    private static String verdict(String preset, String dataset) {
        boolean cnn = preset.equals("fig8") || preset.equals("fig9");
        StringBuilder y = new StringBuilder();
        y.append("name: ").append(preset).append("-verdict\n");
        y.append("dataset: ").append(dataset).append('\n');
        if (cnn) {
            y.append("model: cnn\n");
        }
        y.append("max_epochs: ").append(cnn ? 40 : 100).append("\npatience: ").append(RunDefaults.PATIENCE)
                .append("\nvalidation: ").append(RunDefaults.VALIDATION).append('\n');
        y.append(OPTIMISER);
        if (!cnn && !preset.equals("table1")) {
            y.append("probe_every: 200\n"); // the probe's claim
        }
        y.append("seeds: [1, 2, 3, 4, 5]\n");
        switch (preset) {
            case "fig1":
                y.append(DEFAULT_BATCH).append("width: 128\ndepth: 2\n");
                y.append("grid:\n  method: ").append(VERDICT_METHODS).append("\n  act: [tanh, leaky-relu]\n");
                break;
            case "fig2":
                y.append(DEFAULT_BATCH).append("act: tanh\ndepth: 2\n");
                y.append("grid:\n  method: ").append(VERDICT_METHODS).append("\n  width: [32, 256]\n");
                break;
            case "fig5":
                y.append(DEFAULT_BATCH).append("act: none\nwidth: 128\ndepth: 2\n");
                y.append("grid:\n  method: ").append(VERDICT_METHODS).append('\n');
                break;
            case "fig8":
                y.append(DEFAULT_BATCH).append("act: tanh\nwidth: 8\ndepth: 2\n");
                y.append("grid:\n  method: ").append(VERDICT_CNN_METHODS).append('\n');
                break;
            case "fig9":
                y.append("act: tanh\nwidth: 8\ndepth: 3\n");
                y.append("grid:\n  method: ").append(VERDICT_FIG9_METHODS).append("\n  batch: [64, 512]\n");
                break;
            default: // table1
                y.append("act: tanh\nwidth: 64\ndepth: 2\n");
                y.append("grid:\n  method: ").append(VERDICT_TABLE1_METHODS).append("\n  batch: [32, 128, 512]\n");
                break;
        }
        return y.toString();
    }

    /**
     * What each preset tests, as its report evaluates it (MATH.md §10; the paper's claims as the
     * project reads them):
     * fig1, fig2, fig5: affine-like beats, or matches within one point, each of BatchNorm, LayerNorm,
     * RMSNorm and plain affine, and the probe finds its K_ss constant across a batch where plain
     * affine's varies (MATH.md §1, §4); table1: the slope of accuracy against log₂ batch is lower for the
     * structural corrections (affine-like, L2) than for the conventional normalisers; fig8, fig9:
     * PatchNorm (both forms) matches the best conventional normaliser within one point.
     *
     * @param conventional the conventional normalisers a PatchNorm claim compares with
     */
    static String claims(String preset, List<String> conventional) {
        StringBuilder c = new StringBuilder("claims:\n");
        switch (preset) {
            case "fig1", "fig2", "fig5" -> {
                c.append("  - id: affine-like-beats\n    says: affine-like beats each of BatchNorm, LayerNorm, RMSNorm"
                        + " and plain affine\n    method: affine-like\n    against: [batchnorm, layernorm, rmsnorm, affine]\n"
                        + "    test: better\n");
                c.append("  - id: affine-like-matches\n    says: affine-like matches each of them (within one point)\n"
                        + "    method: affine-like\n    against: [batchnorm, layernorm, rmsnorm, affine]\n"
                        + "    test: equivalent\n    margin: 0.01\n");
                c.append("  - id: kss-constant\n    says: in training, affine-like moves every sample of a batch by the same"
                        + " multiple of its steepest descent (K_ss constant across samples) and plain affine does not\n"
                        + "    method: affine-like\n    against: [affine]\n    test: lower\n    metric: kss-spread\n");
            }
            case "table1" -> {
                for (String m : new String[] {"affine-like", "l2"}) {
                    c.append("  - id: ").append(m).append("-loses-with-batch\n    says: ").append(m)
                            .append(" loses more accuracy with larger batches than the conventional normalisers"
                                    + " (a lower slope against log2 batch)\n    method: ").append(m)
                            .append("\n    against: [batchnorm, layernorm, rmsnorm]\n    test: slope-lower\n");
                }
            }
            default -> { // fig8, fig9
                for (String m : new String[] {"patchnorm-affine-like", "patchnorm-norm-like"}) {
                    c.append("  - id: ").append(m).append("-matches\n    says: ").append(m)
                            .append(" is comparable to ").append(conventional.size() > 1 ? "the best conventional normaliser"
                                    : conventional.get(0)).append(" (within one point)\n    method: ")
                            .append(m).append("\n    against: [").append(String.join(", ", conventional))
                            .append("]\n    test: equivalent\n"
                                    + "    vs: best\n    margin: 0.01\n");
                }
            }
        }
        return c.toString();
    }
}
