package adiv.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this machine's CPU is, as /proc/cpuinfo tells: the model a person reads, and an identity
 * precise enough to key results that depend on the CPU (which kernels libtorch picks depends on the
 * family, model and instruction sets, not only the name a virtual machine shows).
 */
public final class Machine {

    private static final List<String> CPUINFO = read();

    private Machine() {}

    /**
     * The first "model name" of /proc/cpuinfo, whitespace collapsed, with its family and model
     * numbers ("AMD EPYC (family 25, model 17)"): a virtual machine often shows only a name that
     * covers several generations, and whether a kernel computes right can depend on the generation.
     * os.arch where /proc/cpuinfo has no model name.
     */
    public static String cpuModel() {
        String model = field("model name");
        if (model == null || model.isEmpty()) {
            return System.getProperty("os.arch");
        }
        String family = field("cpu family");
        String number = field("model");
        return family == null || number == null ? model : model + " (family " + family + ", model " + number + ")";
    }

    /**
     * The model name with the vendor, family, model and stepping, and the instruction-set flags
     * (as one line each, from the first processor listed).
     */
    public static String cpuIdentity() {
        return field("model name") + " | " + field("vendor_id") + " family " + field("cpu family") + " model "
                + field("model") + " stepping " + field("stepping") + " | " + field("flags");
    }

    /** The value of the first line "key : value", whitespace collapsed; null when absent. */
    private static String field(String key) {
        for (String line : CPUINFO) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim().replaceAll("\\s+", " ");
            }
        }
        return null;
    }

    private static List<String> read() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of(); // not Linux, or not readable
        }
    }
}
