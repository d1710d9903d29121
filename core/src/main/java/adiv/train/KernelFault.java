package adiv.train;

/**
 * A kernel the network needs computes wrongly on this machine and adiv cannot route around it
 * (a bfloat16 product, a float64 result that misses the direct sums, or a route that does not set it
 * right): training stops before it starts, rather than train on wrong numbers. The message names the
 * kernel, the call, the CPU, libtorch and the error.
 */
public final class KernelFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient KernelCheck.Report report;

    KernelFault(KernelCheck.Row row, KernelCheck.Report report) {
        super(message(row, report));
        this.report = report;
    }

    /** The check that found it. */
    public KernelCheck.Report report() {
        return report;
    }

    private static String message(KernelCheck.Row row, KernelCheck.Report report) {
        String where = " on this CPU (" + report.cpu() + ", libtorch " + report.libtorch() + ", " + report.threads()
                + " thread" + (report.threads() == 1 ? "" : "s") + ")";
        String call = row.call().describe();
        String what = row.call().kernel().label() + "'s " + row.part().label();
        if (row.referenceWrong()) {
            return "libtorch's float64 " + what + " misses the direct sums by " + String.format("%.2g", row.referenceError())
                    + where + " at " + call + ": there is no right reference to fall back on; not training.";
        }
        if (row.call().precision() == adiv.maps.Precision.BF16) {
            return "libtorch's bf16 " + what + " is wrong by " + String.format("%.2g", row.error()) + " against float64"
                    + where + " at " + call + ": bf16 is refused on this machine; train with --precision float32"
                    + " (spec key precision: float32).";
        }
        return "libtorch's float32 " + what + " is wrong by " + String.format("%.2g", row.error()) + " against float64"
                + where + " at " + call + ", and computing it in float64 did not set it right ("
                + String.format("%.2g", row.routedError()) + "); not training.";
    }
}
