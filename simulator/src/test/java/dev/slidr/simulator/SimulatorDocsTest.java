package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Fails when docs/simulator.md misses an option or shows a stale default. */
class SimulatorDocsTest {

    @Test
    void documentsEveryOptionWithItsDefault() throws IOException {
        Path doc = Path.of("..", "docs", "simulator.md");
        String text = Files.readString(doc);
        for (SimulatorOption<?> option : SimulatorOptions.ALL) {
            String row = "| `" + option.key() + "` | `" + SimulatorDocs.format(option) + "` |";
            assertThat(text).as(option.key()).contains(row);
        }
    }
}
