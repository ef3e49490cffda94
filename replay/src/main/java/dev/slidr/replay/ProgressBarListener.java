package dev.slidr.replay;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a replay's progress as a progress bar, one per phase: records read of the total, the rate
 * and the time left.
 *
 * <pre>{@code
 * try (ProgressBarListener progress = new ProgressBarListener(System.err)) {
 *     new ReplayRun(progress).run(request);
 * }
 * }</pre>
 */
public final class ProgressBarListener implements ReplayListener, AutoCloseable {
    private final PrintStream stream;

    private ProgressBar bar;
    private String phase = "replay";

    public ProgressBarListener(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public void phase(String name) {
        close();
        phase = name;
    }

    @Override
    public void progress(long recordsRead, long total) {
        if (bar == null) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(phase)
                            .setInitialMax(total)
                            .setUnit(" clicks", 1)
                            .showSpeed()
                            .setConsumer(new ConsoleProgressBarConsumer(stream))
                            .build();
        }
        bar.maxHint(total);
        bar.stepTo(recordsRead);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
