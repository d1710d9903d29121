package adiv.cli;

import adiv.data.DatasetName;
import adiv.sweep.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code adiv worker}: a sweep's worker process (started by the sweep, not by people). */
@Command(name = "worker", hidden = true, description = "Trains the runs sent on standard input (internal).")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--threads", description = "Intra-op threads.")
    int threads;

    @Option(names = "--data-dir", description = "NAME=DIR (repeatable).")
    Map<String, Path> dataDirs = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Interrupts.ignoreInterrupt();
        Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
        dataDirs.forEach((k, v) -> dirs.put(DatasetName.parse(k), v));
        Worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out, dirs, () -> {
            Engines.setThreads(threads);
            return Engines.threads();
        });
        return 0;
    }
}
