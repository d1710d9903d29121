package adiv.report;

import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's finished runs as tidy tables for a notebook: {@code epochs.csv}, one row per run per
 * epoch, and {@code runs.csv}, one row per run, each with every setting as a column (method first,
 * then the rest by name), so that pandas or DuckDB group and filter them without joins.
 *
 * <p>epochs.csv: run_id, the settings, epoch, train_loss, val_loss, val_acc, test_loss, test_acc,
 * seconds, selected (the epoch of best validation accuracy, the one a run is judged at). runs.csv:
 * run_id, the settings, status, stopped, epochs, selected_epoch, selected_val_acc,
 * selected_test_acc, final_test_acc, ratio_spread (the probe's weighted spread of the step ratio,
 * where it ran). A value that is not finite, or was not measured, is an empty cell.
 */
public final class TidyCsv {

    /** The per-epoch table's file name. */
    public static final String EPOCHS = "epochs.csv";
    /** The per-run table's file name. */
    public static final String RUNS = "runs.csv";

    private static final List<String> EPOCH_FIELDS = List.of("train_loss", "val_loss", "val_acc", "test_loss", "test_acc",
            "seconds");

    private TidyCsv() {}

    /** Writes both tables into a sweep directory, each whole or not at all. */
    public static void write(RunStore store, Path dir) throws IOException {
        List<StoredRun> runs = store.runs().stream().filter(StoredRun::finished).toList();
        List<List<Map<String, Object>>> rows = new ArrayList<>();
        List<RunOutcome> outcomes = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(List.of("method"));
        for (StoredRun r : runs) {
            rows.add(store.epochs(r.id()));
            outcomes.add(Results.outcome(store, r, rows.get(rows.size() - 1)));
            keys.addAll(outcomes.get(outcomes.size() - 1).config().keySet());
        }
        StringBuilder epochs = new StringBuilder(header("run_id", keys, "epoch", String.join(",", EPOCH_FIELDS), "selected"));
        StringBuilder perRun = new StringBuilder(header("run_id", keys, "status", "stopped", "epochs", "selected_epoch",
                "selected_val_acc", "selected_test_acc", "final_test_acc", "ratio_spread"));
        for (int i = 0; i < runs.size(); i++) {
            StoredRun r = runs.get(i);
            RunOutcome outcome = outcomes.get(i);
            String settings = settings(keys, outcome.config());
            for (Map<String, Object> e : rows.get(i)) {
                int epoch = ((Number) e.get("epoch")).intValue();
                List<String> cells = new ArrayList<>(List.of(String.valueOf(r.id()), settings, String.valueOf(epoch)));
                EPOCH_FIELDS.forEach(f -> cells.add(cell(e.get(f))));
                cells.add(String.valueOf(epoch == outcome.selectedEpoch()));
                epochs.append(String.join(",", cells)).append('\n');
            }
            perRun.append(String.join(",", List.of(String.valueOf(r.id()), settings, r.status(),
                    outcome.stopped() == null ? "" : outcome.stopped(), String.valueOf(rows.get(i).size()),
                    String.valueOf(outcome.selectedEpoch()), cell(outcome.selectedVal()), cell(outcome.selectedAcc()),
                    cell(outcome.finalAcc()), cell(outcome.probes().isEmpty() ? null : outcome.ratioSpread())))).append('\n');
        }
        Report.writeWhole(dir.resolve(EPOCHS), epochs);
        Report.writeWhole(dir.resolve(RUNS), perRun);
    }

    private static String header(String first, Set<String> keys, String... rest) {
        List<String> h = new ArrayList<>(List.of(first));
        h.addAll(keys);
        h.addAll(List.of(rest));
        return String.join(",", h) + "\n";
    }

    private static String settings(Set<String> keys, Map<String, Object> config) {
        List<String> cells = new ArrayList<>();
        keys.forEach(k -> cells.add(cell(config.get(k))));
        return String.join(",", cells);
    }

    /** A CSV cell: empty for nothing or a value that is not finite, quoted where it must be. */
    private static String cell(Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        return Report.csvCell(String.valueOf(v));
    }
}
