package dev.slidr.replay;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a replay's progress as a progress bar, one per phase: records read of the total, the rate
 * and the time left; while the click files are read, their bytes read of their size, with the rows
 * read so far.
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
    private boolean barInBytes;
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
        bar(false, total).stepTo(recordsRead);
    }

    /**
     * The files' bytes read of their size, so the bar has a total and a time left; and the rows.
     */
    @Override
    public void reading(long rows, long bytes, long totalBytes) {
        bar(true, totalBytes).setExtraMessage(String.format(" %,d rows", rows)).stepTo(bytes);
    }

    private ProgressBar bar(boolean inBytes, long total) {
        if (bar != null && barInBytes != inBytes) {
            close();
        }
        if (bar == null) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(phase)
                            .setInitialMax(total)
                            .setUnit(inBytes ? " MiB" : " clicks", inBytes ? 1 << 20 : 1)
                            .showSpeed()
                            .setConsumer(new ConsoleProgressBarConsumer(stream))
                            .build();
            barInBytes = inBytes;
        }
        return bar.maxHint(total);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
