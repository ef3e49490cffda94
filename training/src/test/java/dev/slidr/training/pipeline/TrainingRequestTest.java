package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The request's builder: what it requires, its defaults, and an empty time range. */
class TrainingRequestTest {

    private static TrainingRequest.Builder complete() {
        return TrainingRequest.builder()
                .clicks(Path.of("clicks.jsonl"))
                .conversions(Path.of("conversions.jsonl"))
                .rfm(Path.of("rfm.csv"))
                .config(TrainingConfig.defaults());
    }

    @Test
    void keepsEveryClickAndComparesWithTheStableModelByDefault() {
        TrainingRequest request = complete().build();
        assertThat(request.givt()).isNull();
        assertThat(request.versusStable()).isTrue();
        assertThat(request.staging()).isNull();
        assertThat(request.from()).isNull();
        assertThat(request.to()).isNull();
    }

    @Test
    void aMissingInputOrConfigurationIsNamed() {
        assertThatThrownBy(() -> complete().clicks(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a training request needs the click log");
        assertThatThrownBy(() -> complete().rfm(null).build())
                .hasMessage("a training request needs the RFM table");
        assertThatThrownBy(() -> complete().config(null).build())
                .hasMessage("a training request needs the training configuration");
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsRefused() {
        Instant day = Instant.parse("2025-06-02T00:00:00Z");
        assertThatThrownBy(() -> complete().range(day, day).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the time range is empty");
        assertThat(complete().range(day, null).build().from()).isEqualTo(day);
    }
}
