package dev.slidr.training.pipeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Prints a training run's progress: each input's counts, then the stage log. */
public record PrintedTrainingProgress(PrintWriter log) implements TrainingListener {

    @Override
    public void readingInputs() {
        log.println("reading inputs");
    }

    @Override
    public void inputsRead(InputReport report, Duration took) {
        log.printf(Locale.ROOT, "read inputs in %.1f s%n", took.toNanos() / 1e9);
        for (Map.Entry<String, Object> e : report.toMap().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            log.printf(
                    Locale.ROOT,
                    "  %-12s read %,d  accepted %,d  rejected %s%n",
                    e.getKey(),
                    (Long) m.get("read"),
                    (Long) m.get("accepted"),
                    m.get("rejected"));
            if (m.get("unread_bytes") instanceof Long unread) {
                log.printf(
                        Locale.ROOT, "  %-12s stopped early: %,d bytes never read%n", "", unread);
            }
        }
        log.flush();
    }
}
