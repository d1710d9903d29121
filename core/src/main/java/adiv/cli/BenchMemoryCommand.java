package adiv.cli;

import adiv.bench.WorkerMemory;
import adiv.data.DatasetName;
import adiv.data.ImageCache;
import adiv.engine.Machine;
import adiv.engine.Memory;
import adiv.sweep.RunSettings;
import adiv.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code adiv bench memory}: the resident memory of a sweep's workers training CIFAR-10-shaped data,
 * each process sampled throughout and read after every epoch.
 */
@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = {
            "Resident memory of sweep workers (one thread each, side by side) training on CIFAR-10-shaped data"
                + " (generated in the official binary layout unless --data-dir names real CIFAR-10): the paper's"
                + " MLP (width 128, depth 2, batch 128) or, with --model cnn, fig9's CNN (3 blocks, 8 channels,"
                + " batch 64). Per worker: its resident peak, the most of its own pages, the file pages it"
                + " shares with the others (libraries, the mapped data set), and its memory after each epoch;"
                + " then what N workers need together."
        })
final class BenchMemoryCommand extends ResultCommand {

    @Option(names = "--model", description = "mlp (default) or cnn.")
    String model = "mlp";

    @Option(names = "--workers", description = "Workers side by side (default 2).")
    int workers = 2;

    @Option(names = "--epochs", description = "Epochs each worker trains (default 3).")
    int epochs = 3;

    @Option(names = {"--method"}, description = "The method (default affine-like; the CNN: patchnorm-affine-like).")
    String method;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Real CIFAR-10 (default: CIFAR-10-shaped data generated in a temporary directory).")
    Path dataDir;

    /** What --json prints. */
    record Report(String machine, String network, int epochs, String data, List<WorkerMemory.Result> workers,
            long ownPeak, long sharedPeak, long available) {}

    @Override
    public Integer call() {
        if (!model.equals("mlp") && !model.equals("cnn")) {
            throw new UserError("--model must be mlp or cnn, got '" + model + "'");
        }
        if (workers < 1 || epochs < 1) {
            throw new UserError("--workers and --epochs must be at least 1, got " + workers + " and " + epochs);
        }
        PrintWriter err = spec.commandLine().getErr();
        Path dir = dataDir;
        Path generated = null;
        Path made = null;
        try {
            if (dir == null) {
                generated = Files.createTempDirectory("adiv-cifar-shaped-");
                err.println("adiv bench memory: generating CIFAR-10-shaped data in " + generated);
                err.flush();
                adiv.data.Cifar10.writeShaped(generated, 1);
                dir = generated;
            } else if (!DatasetName.CIFAR10.present(dir)) {
                DatasetName.CIFAR10.load(dir); // its precise complaint
            }
            Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
            dirs.put(DatasetName.CIFAR10, dir.toAbsolutePath());
            List<RunSettings> runs = runs();
            String network = model.equals("mlp") ? "MLP width 128, depth 2, batch 128, " + runs.get(0).method()
                    : "fig9's CNN (3 blocks, 8 channels), batch 64, " + runs.get(0).method();
            err.println("adiv bench memory: " + workers + " workers, " + network + ", " + epochs + " epochs each");
            err.flush();
            List<Path> files = SweepRunner.prepareData(List.of(DatasetName.CIFAR10), dirs, line -> {
                err.println("adiv bench memory: " + line);
                err.flush();
            });
            if (generated != null) {
                made = files.get(0);
            }
            List<WorkerMemory.Result> results = WorkerMemory.measure(SweepRunner.workerCommand(dirs), runs, line -> {
                err.println("adiv bench memory: " + line);
                err.flush();
            });
            long own = results.stream().mapToLong(WorkerMemory.Result::own).max().orElse(-1);
            long shared = results.stream().mapToLong(WorkerMemory.Result::shared).max().orElse(-1);
            Report report = new Report(Machine.cpuModel(), network, epochs,
                    generated != null ? "CIFAR-10-shaped, generated" : "CIFAR-10 from " + dir, results, own, shared,
                    Memory.available());
            print(report);
            return results.stream().allMatch(r -> r.error() == null) ? 0 : 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (generated != null) {
                delete(generated);
            }
            if (made != null) {
                ImageCache.remove(made); // the generated data's bytes: nothing will ask for them again
            }
        }
    }

    private List<RunSettings> runs() {
        String m = method != null ? method : model.equals("mlp") ? "affine-like" : "patchnorm-affine-like";
        String net = model.equals("mlp") ? "model: mlp\nwidth: 128\ndepth: 2\nbatch: 128\n"
                : "model: cnn\nwidth: 8\ndepth: 3\nbatch: 64\n";
        String seeds = IntStream.rangeClosed(1, workers).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        String yaml = "name: bench-memory\ndataset: cifar10\n" + net + "act: tanh\nlr: 0.001\nopt: adam\n"
                + "max_epochs: " + epochs + "\npatience: none\nvalidation: 0.1\nseeds: [" + seeds + "]\n"
                + "grid:\n  method: [" + m + "]\n";
        try {
            return SweepSpec.parse(yaml, "bench memory").runs();
        } catch (IllegalArgumentException e) {
            throw new UserError("--method: " + e.getMessage());
        }
    }

    private void print(Report r) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, r);
            return;
        }
        out.println(r.network() + ", " + r.epochs() + " epochs, " + r.data() + "; " + r.machine());
        Output.Table table = new Output.Table("worker", "pid", "peak", "own", "shared", "after each epoch", "s")
                .right(0, 1, 2, 3, 4, 6);
        for (WorkerMemory.Result w : r.workers()) {
            table.row(w.worker(), w.pid(), Memory.gb(w.peak()), Memory.gb(w.own()), Memory.gb(w.shared()),
                    w.afterEpoch().stream().map(Memory::gb).collect(Collectors.joining(", ")),
                    String.format("%.0f", w.seconds()));
        }
        table.print(out);
        for (WorkerMemory.Result w : r.workers()) {
            if (w.error() != null) {
                out.println("worker " + w.worker() + " failed: " + w.error());
            }
        }
        out.printf("N workers need about N x %s (each one's own pages) + %s (the shared file pages, once);"
                + " this machine has %s available.%n", Memory.gb(r.ownPeak()), Memory.gb(r.sharedPeak()),
                Memory.gb(r.available()));
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
