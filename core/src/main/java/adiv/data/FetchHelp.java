package adiv.data;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a user must run to get a data set that {@link Fetcher} could not get here: the exact
 * commands (Debian's package, a mirror, or a download on another machine), the published files with
 * their MD5s, and how to check the result.
 *
 * @param name the data set
 * @param lookedIn the directories it was looked for in
 * @param target where it belongs (where adiv would have downloaded it)
 * @param dirGiven whether the user named target with --dir
 * @param sources its published files
 * @param debianInstallable whether Debian's package would install it where adiv looks (Debian's
 *     root is /usr/share/datasets, not moved by ADIV_DEBIAN_DATA)
 */
record FetchHelp(DatasetName name, List<Path> lookedIn, Path target, boolean dirGiven, List<Download> sources,
        boolean debianInstallable) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    /** The message, given what was tried. */
    String text(List<String> tried) {
        StringBuilder s = new StringBuilder();
        s.append(name.id()).append(" is not in ")
                .append(lookedIn.stream().map(Path::toString).collect(Collectors.joining(" or ")))
                .append(" and could not be fetched here.\n");
        for (String t : tried) {
            s.append("  tried ").append(t).append('\n');
        }
        String dir = shell(target.toString());
        s.append("To get it, run one of these:\n");
        if (debianInstallable && name.debianDir(Data.DEBIAN_DATA).isPresent()) {
            s.append("  sudo apt-get install ").append(Fetcher.DEBIAN_PACKAGE).append('\n')
                    .append("      (Debian or Ubuntu; it installs into ")
                    .append(name.debianDir(Data.DEBIAN_DATA).get()).append(")\n");
        }
        s.append("  adiv data get ").append(name.id()).append(dirGiven ? " --dir " + dir : "")
                .append(" --mirror URL\n")
                .append("      (URL: a mirror that serves the files below, such as your institution's)\n");
        s.append("  mkdir -p ").append(dir).append(" && cd ").append(dir).append(" && curl -fL");
        for (Download d : sources) {
            s.append(" \\\n      -O ").append(shell(d.url()));
        }
        if (name == DatasetName.CIFAR10) {
            s.append(" \\\n      && tar xzf cifar-10-binary.tar.gz && rm cifar-10-binary.tar.gz");
        }
        s.append("\n      (on a machine with internet access; then copy ").append(dir).append(" here)\n");
        s.append("The published files:\n");
        for (Download d : sources) {
            s.append("  ").append(d.url()).append("  (").append(d.checksums()).append(")\n");
        }
        s.append("Then check it with: adiv data check ").append(dir);
        if (name != DatasetName.CIFAR10) {
            s.append(" --dataset ").append(name.id());
        }
        return s.toString();
    }

    /** A word as a POSIX shell reads it: as is when plain, else single-quoted. */
    static String shell(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
