package adiv.cli;

import adiv.report.Report;
import adiv.report.Results;
import adiv.report.TidyCsv;
import adiv.sweep.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code adiv report DIR}: writes a sweep directory's report from its run store. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes report.md, report.html (figures inline as SVG) and results.csv into a sweep"
                + " directory, from the finished runs in its results.sqlite."
        })
final class ReportCommand extends ResultCommand {

    @Parameters(index = "0", description = "The sweep directory.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        SweepDirectories.requireStore(dir);
        Report.Written written;
        try (RunStore store = RunStore.open(dir)) {
            Results results = Results.of(store);
            if (results.runs().isEmpty()) {
                throw new UserError(dir.resolve(RunStore.FILE) + ": no finished runs to report yet");
            }
            written = write(store, results, dir);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("markdown", written.markdown().toString());
            out.put("html", written.html().toString());
            out.put("csv", written.csv().toString());
            out.put("epochs_csv", dir.resolve(TidyCsv.EPOCHS).toString());
            out.put("runs_csv", dir.resolve(TidyCsv.RUNS).toString());
            Output.json(spec.commandLine().getOut(), out);
        } else {
            spec.commandLine().getOut().printf("wrote %s, %s, %s, %s and %s%n", written.markdown(), written.html(),
                    written.csv(), dir.resolve(TidyCsv.EPOCHS), dir.resolve(TidyCsv.RUNS));
        }
        return 0;
    }

    /**
     * Writes the report of a sweep directory (its title names the spec) and the tidy tables of its
     * finished runs, epochs.csv and runs.csv.
     */
    static Report.Written write(RunStore store, Results results, Path dir) throws IOException {
        TidyCsv.write(store, dir);
        String name = "sweep";
        if (results.spec() != null) {
            for (String line : results.spec().split("\n")) {
                if (line.startsWith("name:")) {
                    name = line.substring(5).trim();
                }
            }
        }
        return new Report(results, "adiv report: " + name).write(dir);
    }
}
