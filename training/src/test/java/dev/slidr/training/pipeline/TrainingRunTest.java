package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train use case up to training: reading, screening, and what the listener hears. */
class TrainingRunTest {

    @TempDir Path tmp;

    /** Records what the run reports. */
    private static final class RecordingListener implements TrainingListener {
        final List<String> events = new ArrayList<>();
        InputReport report;
        final StringWriter log = new StringWriter();
        final PrintWriter writer = new PrintWriter(log, true);

        @Override
        public void readingInputs() {
            events.add("reading");
        }

        @Override
        public void inputsRead(InputReport inputs, Duration took) {
            events.add("read");
            report = inputs;
        }

        @Override
        public PrintWriter log() {
            return writer;
        }
    }

    private TrainingRequest.Builder request(String clicks) throws IOException {
        return TrainingRequest.builder()
                .clicks(Files.writeString(tmp.resolve("clicks.jsonl"), clicks))
                .conversions(Files.writeString(tmp.resolve("conversions.jsonl"), ""))
                .rfm(
                        Files.writeString(
                                tmp.resolve("rfm.csv"), "customer_id,recency,frequency,monetary\n"))
                .staging(tmp.resolve("staging"))
                .config(TrainingConfig.defaults());
    }

    @Test
    void inputsWithoutAValidClickAreNothingToTrainOn() throws IOException {
        RecordingListener listener = new RecordingListener();
        TrainingRun run = new TrainingRun(ModelRegistry.open(tmp.resolve("registry")), listener);
        TrainingRequest request = request("{not json\n{\"click_id\": 3}\n").build();

        assertThatThrownBy(() -> run.run(request))
                .isInstanceOf(IOException.class)
                .hasMessage("nothing to train on: no valid clicks in the input (2 rejected)");
        assertThat(listener.events).containsExactly("reading", "read");
        assertThat(listener.report.rejectedTotal(TrainingInputs.CLICKS)).isEqualTo(2);
        assertThat(Files.exists(tmp.resolve("staging"))).isFalse();
    }
}
