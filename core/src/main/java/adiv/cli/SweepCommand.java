package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.DryRun;
import adiv.sweep.RunStore;
import adiv.sweep.StoredRun;
import adiv.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adiv sweep SPEC --out DIR}: runs (or resumes) a sweep into its run store. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Runs every run of a sweep spec (YAML: fixed settings, grid axes, seeds) into DIR's run"
                + " store (results.sqlite). Run it again after an interruption: finished runs are"
                + " kept and not repeated; interrupted ones continue from their last epoch, and failed"
                + " runs with attempts left are tried again. Ctrl-C stops cleanly (exit 130)."
        })
final class SweepCommand extends ResultCommand {

    @Parameters(index = "0", description = "The sweep spec (YAML).")
    Path specFile;

    @Option(names = "--out", required = true, description = "The sweep directory.")
    Path out;

    @Option(names = "--data-dir", paramLabel = DataDirs.LABEL, description = DataDirs.HELP)
    List<String> dataDirs = new ArrayList<>();

    @Mixin ExecutorOptions where = new ExecutorOptions();

    @Option(names = "--dry-run", description = "Print the planned runs (and how many DIR already holds), the methods and"
            + " where each comes from, the claims, and the time it would take from a short timed run of each network, with"
            + " --parallel's runs side by side; train nothing and write nothing.")
    boolean dryRun;

    @Option(names = "--cores", paramLabel = "N", description = "With --dry-run: also plan for a machine of N cores as"
            + " fast as these, one single-threaded run per core: wall time and the memory its workers need.")
    Integer cores;

    @Override
    public Integer call() throws Exception {
        if (cores != null && (cores < 1 || !dryRun)) {
            throw new UserError(cores < 1 ? "--cores must be at least 1, got " + cores
                    : "--cores plans a dry run: add --dry-run");
        }
        where.validate();
        if (!Files.isRegularFile(specFile)) {
            throw new UserError(specFile + ": file not found (expected a sweep spec in YAML)");
        }
        SweepSpec sweep = SweepSpec.parse(Files.readString(specFile), specFile.toString());
        Map<DatasetName, Path> dirs = DataDirs.parse(dataDirs, sweep.runs().stream().map(r -> r.dataset()).distinct().toList());
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun) {
            DryRun.Plan plan = dryRun(sweep, out, dirs, SweepRunner.parallel(where.parallel), err);
            if (json) {
                Output.json(spec.commandLine().getOut(), DryRunOutput.json(plan, cores));
            } else {
                DryRunOutput.print(spec.commandLine().getOut(), plan, out.toString(), cores);
            }
            return 0;
        }
        requireData(sweep, dirs);
        Output.creatable(out, "--out");
        try (Interrupts interrupts = Interrupts.install();
                ExecutorOptions.Session session = where.open(dirs, err, interrupts.stop());
                RunStore store = openStore(out)) {
            try (SweepProgress progress = new SweepProgress(err, "sweep")) {
                session.run(sweep, store, progress);
            }
            if (interrupts.stop().requested()) {
                return stopped(err, interrupts.stop().reason(), store, "the same command");
            }
            report(store);
            // The report, as replicate writes it, once there is something to report.
            adiv.report.Results results = adiv.report.Results.of(store);
            if (!results.runs().isEmpty()) {
                adiv.report.Report.Written w = ReportCommand.write(store, results, out);
                err.printf("adiv sweep: wrote %s and %s (adiv report %s writes them again)%n", w.html(), w.markdown(), out);
                err.flush();
            }
            return store.counts().getOrDefault(StoredRun.FAILED, 0) > 0 ? Main.FAILED : 0;
        }
    }

    /** The sweep directory and its store, made once everything else checked out (a cluster reached). */
    static RunStore openStore(Path dir) {
        Output.directory(dir, "--out");
        return RunStore.open(dir);
    }

    /**
     * Every data set the sweep's runs train on is where they will look, checked before the store is
     * opened: a missing one is the user's mistake, named once (exit 2), with nothing written.
     */
    static void requireData(SweepSpec sweep, Map<DatasetName, Path> dirs) {
        for (DatasetName name : sweep.runs().stream().map(r -> r.dataset()).distinct().toList()) {
            if (!name.present(dirs.get(name))) {
                name.load(dirs.get(name)); // raises its precise complaint
            }
        }
    }

    /**
     * Plans a sweep into a directory without writing: an existing store is only read.
     *
     * @param parallel --parallel, parsed: runs at a time, or Scheduler.AUTO
     */
    static DryRun.Plan dryRun(SweepSpec sweep, Path dir, Map<DatasetName, Path> dirs, int parallel, PrintWriter err) {
        RunStore existing = Files.isRegularFile(dir.resolve(RunStore.FILE)) ? RunStore.read(dir) : null;
        try {
            return DryRun.plan(sweep, existing, SweepRunner.workerCommand(dirs), parallel,
                    Runtime.getRuntime().availableProcessors(), dirs, line -> {
                        err.println(line);
                        err.flush();
                    });
        } finally {
            if (existing != null) {
                existing.close();
            }
        }
    }

    /**
     * The one line after a stop: what is where, and how to resume; the exit status for the signal.
     */
    static int stopped(PrintWriter err, String signal, RunStore store, String again) {
        Map<String, Integer> counts = store.counts();
        err.printf("adiv: stopped by %s: %d runs finished, %d queued in %s (runs in flight keep their last"
                        + " checkpoint); run %s again to resume%n", signal,
                counts.getOrDefault(StoredRun.DONE, 0) + counts.getOrDefault(StoredRun.DIVERGED, 0)
                        + counts.getOrDefault(StoredRun.FAILED, 0),
                counts.getOrDefault(StoredRun.QUEUED, 0), store.dir(), again);
        err.flush();
        return Interrupts.exitCode(signal);
    }

    private void report(RunStore store) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredRun r : store.runs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("status", r.status());
            row.put("config", r.config());
            List<Map<String, Object>> epochs = store.epochs(r.id());
            Object last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).get("test_acc");
            row.put("final_test_acc", last);
            rows.add(row);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("dir", out.toString());
            all.put("counts", store.counts());
            all.put("runs", rows);
            Output.json(o, all);
            return;
        }
        o.printf("%s: %s%n", out.resolve(RunStore.FILE), Output.counts(store.counts()));
        o.flush();
    }

    static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch");
    }
}
