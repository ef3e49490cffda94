package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The replay's progress bars: clicks of a total, and the click files' bytes while they are read.
 */
class ProgressBarListenerTest {

    @Test
    void theReadingShowsTheFilesBytesOfTheirSizeAndTheRowsThenTheReplayItsClicks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProgressBarListener progress =
                new ProgressBarListener(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            progress.phase("reading");
            progress.reading(1_000_000, 300L << 20, 750L << 20);
            progress.reading(2_159_013, 750L << 20, 750L << 20);
            progress.phase("replaying");
            progress.progress(10_000, 20_000);
        }
        String shown = out.toString(StandardCharsets.UTF_8);

        String reading = shown.substring(0, shown.indexOf("replaying"));
        assertThat(reading)
                .contains("reading 100%")
                .contains("750/750 MiB")
                .contains("MiB/s 2,159,013 rows")
                .doesNotContain("clicks");
        assertThat(shown.substring(shown.indexOf("replaying")))
                .contains("10000/20000 clicks")
                .doesNotContain("MiB");
    }
}
