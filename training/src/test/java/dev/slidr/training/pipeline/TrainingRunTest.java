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
                .allowEmptyLabels(true)
                .config(TrainingConfig.defaults());
    }

    private static final String CLICK =
            "{\"click_id\":\"c-1\",\"ts\":1772442000000,\"user_id\":null,\"session_id\":\"s\","
                    + "\"ip\":\"198.51.100.7\",\"user_agent\":\"ua\",\"device\":\"mobile\","
                    + "\"logged_in\":false,\"ad_id\":\"a\",\"advertiser_id\":\"v\","
                    + "\"placement\":\"p\"}\n";

    @Test
    void anRfmTableCutShortByAnUnterminatedQuoteIsRefusedBeforeTraining() throws IOException {
        StringBuilder rfm = new StringBuilder("customer_id,recency,frequency,monetary\n");
        for (int i = 0; i < 10; i++) {
            rfm.append("u-").append(i).append(",5,5,5\n");
        }
        int before = rfm.length();
        rfm.append("\"u-x,1,1,1\n");
        for (int i = 0; i < 40; i++) {
            rfm.append("v-").append(i).append(",5,5,5\n");
        }
        Path cutRfm = Files.writeString(tmp.resolve("cut-rfm.csv"), rfm);
        RecordingListener listener = new RecordingListener();
        TrainingRun run = new TrainingRun(ModelRegistry.open(tmp.resolve("registry")), listener);
        TrainingRequest request =
                request(CLICK)
                        .rfm(cutRfm)
                        .conversions(
                                Files.writeString(
                                        tmp.resolve("conversions.jsonl"),
                                        "{\"click_id\":\"c-1\",\"ts\":1772442000001,"
                                                + "\"kind\":\"purchase\"}\n"))
                        .allowEmptyLabels(false)
                        .build();

        assertThatThrownBy(() -> run.run(request))
                .isInstanceOf(RefusedInputsException.class)
                .hasMessage(
                        String.format(
                                java.util.Locale.ROOT,
                                "input_completeness: rfm stopped after 11 rows, %,d of %,d bytes"
                                        + " read (%,d bytes, %.1f%%, never read): fix the"
                                        + " malformed row named in the rejections and train again",
                                before,
                                rfm.length(),
                                rfm.length() - before,
                                100.0 * (rfm.length() - before) / rfm.length()));
        assertThat(listener.report.accepted(TrainingInputs.RFM)).isEqualTo(10);
        assertThat(listener.report.rejected(TrainingInputs.RFM))
                .containsExactly(java.util.Map.entry("malformed_csv", 1L));
        assertThat(listener.report.unreadBytes(TrainingInputs.RFM))
                .isEqualTo(rfm.length() - before);
        assertThat(Files.exists(tmp.resolve("staging"))).isFalse();
    }

    @Test
    void aHeaderOnlyRfmTableIsListedAndRefusedUnlessAllowed() throws IOException {
        RecordingListener listener = new RecordingListener();
        TrainingRun run = new TrainingRun(ModelRegistry.open(tmp.resolve("registry")), listener);
        TrainingRequest request = request(CLICK).allowEmptyLabels(false).build();

        assertThatThrownBy(() -> run.run(request))
                .isInstanceOf(RefusedInputsException.class)
                .hasMessage(
                        "label_sources: empty label source: conversions (0 rows read, none"
                                + " accepted), rfm (0 rows read, none accepted); pass"
                                + " --allow-empty-labels if that is intended");
        assertThat(listener.report.toMap().keySet())
                .containsExactly(
                        TrainingInputs.CLICKS, TrainingInputs.CONVERSIONS, TrainingInputs.RFM);
        assertThat(listener.report.read(TrainingInputs.RFM)).isZero();
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
