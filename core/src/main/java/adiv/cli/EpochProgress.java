package adiv.cli;

import adiv.train.EpochResult;
import adiv.train.KernelCheck;
import adiv.train.TrainingListener;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a training run on stderr: on a terminal, a bar per epoch with samples/s and the
 * running loss; elsewhere (logs, CI), one line per epoch.
 */
final class EpochProgress implements TrainingListener {

    private final PrintWriter err;
    private final int examples;
    private final int epochs;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private long started;

    EpochProgress(PrintWriter err, int examples, int epochs) {
        this.err = err;
        this.examples = examples;
        this.epochs = epochs;
    }

    @Override
    public void kernelsChecked(KernelCheck.Report report) {
        String notice = report.notice();
        if (notice != null) {
            err.println("adiv: " + notice);
            err.flush();
        }
    }

    @Override
    public void epochStarted(int epoch, int steps) {
        started = System.nanoTime();
        if (terminal) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                            .setInitialMax(examples)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUnit(" samples", 1)
                            .showSpeed()
                            .setUpdateIntervalMillis(250)
                            .build();
        }
    }

    @Override
    public void stepEnded(int step, long seen, double runningLoss) {
        if (bar != null) {
            bar.stepTo(seen);
            bar.setExtraMessage(String.format(" loss %.4f", runningLoss));
        }
    }

    /** The run stopped in the middle of an epoch: ends its bar, so that what follows starts a line of its own. */
    void abandon() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void epochEnded(EpochResult r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(
                "epoch %d/%d: train_loss %.4f, %stest_loss %.4f, test_acc %.4f, %.1f s (%.0f samples/s)%n",
                r.epoch(), epochs, r.trainLoss(), Double.isNaN(r.valAcc()) ? "" : String.format("val_acc %.4f, ", r.valAcc()),
                r.testLoss(), r.testAcc(), seconds, examples / r.seconds());
        err.flush();
    }
}
