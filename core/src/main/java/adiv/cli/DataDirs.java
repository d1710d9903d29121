package adiv.cli;

import adiv.data.DatasetName;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --data-dir}, the same on every command: {@code DIR} for the one data set the command trains
 * on, or {@code NAME=DIR} (repeatable) to say which, e.g. {@code --data-dir cifar10=~/data/cifar}.
 */
final class DataDirs {

    /** The option's label and help, shared by every command that has it. */
    static final String LABEL = "[NAME=]DIR";
    static final String HELP = "Where a data set is: DIR for the one this command trains on, or NAME=DIR (repeatable;"
            + " NAME fashion-mnist, mnist or cifar10). Default: its usual place (adiv data).";

    private DataDirs() {}

    /**
     * The directories given, by data set.
     *
     * @param values the option's values as typed
     * @param used the data sets the command trains on (a bare DIR needs exactly one)
     */
    static Map<DatasetName, Path> parse(List<String> values, Collection<DatasetName> used) {
        Map<DatasetName, Path> dirs = new EnumMap<>(DatasetName.class);
        for (String v : values) {
            int eq = v.indexOf('=');
            DatasetName name = eq > 0 ? named(v.substring(0, eq)) : null;
            if (name != null) {
                dirs.put(name, Path.of(v.substring(eq + 1)));
                continue;
            }
            if (used.size() != 1) {
                throw new UserError("--data-dir " + v + ": this command trains on " + (used.isEmpty() ? "no data set"
                        : String.join(" and ", used.stream().map(DatasetName::id).toList()))
                        + "; say which with NAME=DIR (e.g. --data-dir fashion-mnist=" + v + ")");
            }
            dirs.put(used.iterator().next(), Path.of(v));
        }
        return dirs;
    }

    /** The data set a NAME= prefix names, or null when the prefix is part of a path. */
    private static DatasetName named(String prefix) {
        try {
            return DatasetName.parse(prefix);
        } catch (IllegalArgumentException e) {
            if (!prefix.contains("/")) {
                throw new UserError("--data-dir " + prefix + "=...: " + e.getMessage());
            }
            return null;
        }
    }
}
