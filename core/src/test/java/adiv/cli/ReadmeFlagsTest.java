package adiv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every flag README names is one adiv has, and every ./adiv line in it names only its own command's flags. */
class ReadmeFlagsTest {

    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /** Flags README names that belong to other programs, with whose. */
    private static final Map<String, String> OTHERS = Map.of("--class", "spark-submit's");

    private static String readme() throws IOException {
        return Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
    }

    /** A command's flags, negated forms and the standard help flags included. */
    private static Set<String> flags(CommandLine c) {
        Set<String> names = new TreeSet<>();
        for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
            for (String n : o.names()) {
                names.add(n);
                if (o.negatable() && n.startsWith("--")) {
                    names.add("--no-" + n.substring(2));
                }
            }
        }
        return names;
    }

    private static void all(CommandLine c, Set<String> into) {
        into.addAll(flags(c));
        c.getSubcommands().values().forEach(s -> all(s, into));
    }

    @Test
    void everyFlagReadmeNamesExists() throws IOException {
        Set<String> known = new TreeSet<>();
        all(Main.commandLine(), known);
        Set<String> unknown = new TreeSet<>();
        Matcher m = FLAG.matcher(readme());
        while (m.find()) {
            if (!known.contains(m.group()) && !OTHERS.containsKey(m.group())) {
                unknown.add(m.group());
            }
        }
        assertEquals(Set.of(), unknown, "flags README names that no adiv command has");
    }

    @Test
    void everyAdivLineInReadmeUsesItsCommandsOwnFlags() throws IOException {
        List<String> wrong = new ArrayList<>();
        int lines = 0;
        // Every "./adiv ..." of README, in a code block or inline between backticks, up to a comment,
        // a closing backtick or the end of its line.
        Matcher uses = Pattern.compile("\\./adiv ([^`#\\n]*)").matcher(readme());
        while (uses.find()) {
            String line = uses.group();
            String[] words = uses.group(1).trim().split("\\s+");
            CommandLine c = Main.commandLine();
            Set<String> allowed = new TreeSet<>(flags(c)); // global options (--plugins) apply everywhere
            int i = 0;
            while (i < words.length && c.getSubcommands().containsKey(words[i])) {
                c = c.getSubcommands().get(words[i++]);
                allowed.addAll(flags(c));
            }
            lines++;
            for (; i < words.length; i++) {
                Matcher m = FLAG.matcher(words[i]);
                if (m.lookingAt() && !allowed.contains(m.group())) {
                    wrong.add(m.group() + " in: " + line.strip());
                }
            }
        }
        assertTrue(lines > 30, "README shows ./adiv commands: " + lines);
        assertEquals(List.of(), wrong, "flags a README line gives a command that does not have them");
    }
}
