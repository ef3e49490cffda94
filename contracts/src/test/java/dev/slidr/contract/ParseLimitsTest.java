package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The limits builder refuses bad settings and names each one. */
class ParseLimitsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        ParseLimits limits = ParseLimits.defaults();
        assertThat(limits.maxRecordBytes()).isEqualTo(16 * 1024);
        assertThat(limits.maxDeadLetterBytes()).isEqualTo(64 * 1024);
        assertThat(limits.maxDepth()).isEqualTo(8);
        assertThat(limits.maxIdLength()).isEqualTo(256);
        assertThat(limits.maxTextLength()).isEqualTo(2048);
        assertThat(limits.maxArrayLength()).isEqualTo(1024);
        assertThat(limits.maxFutureSkew()).isNull();
        assertThat(limits.maxAge()).isNull();
    }

    @Test
    void namesEveryBadLimitAtOnce() {
        assertThatThrownBy(
                        () ->
                                ParseLimits.builder()
                                        .maxRecordBytes(10)
                                        .maxDepth(0)
                                        .maxIdLength(0)
                                        .maxFutureSkew(Duration.ofSeconds(-1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRecordBytes must be at least 64, was 10")
                .hasMessageContaining("maxDepth must be at least 2, was 0")
                .hasMessageContaining("maxIdLength must be at least 1, was 0")
                .hasMessageContaining("maxFutureSkew must be positive");
    }

    @Test
    void refusesAnEmptyOrInvertedTimestampWindow() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> ParseLimits.builder().timestampWindow(t, t).build())
                .hasMessageContaining("timestampWindow must have min before max");
        assertThatThrownBy(() -> ParseLimits.builder().timestampWindow(null, t).build())
                .hasMessageContaining("timestampWindow needs both bounds");
        assertThatThrownBy(
                        () ->
                                ParseLimits.builder()
                                        .timestampWindow(Instant.MIN, Instant.MAX)
                                        .build())
                .hasMessageContaining("must fit epoch milliseconds");
    }

    @Test
    void refusesADepthJacksonCannotHonour() {
        assertThatThrownBy(() -> ParseLimits.builder().maxDepth(5000).build())
                .hasMessageContaining("maxDepth must be at most 1000");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ParseLimits limits =
                ParseLimits.builder()
                        .maxRecordBytes(4096)
                        .maxAge(Duration.ofDays(2))
                        .maxFutureSkew(Duration.ofMinutes(1))
                        .build();
        assertThat(limits.toBuilder().build()).isEqualTo(limits);
        assertThat(limits.toBuilder().maxRecordBytes(8192).build()).isNotEqualTo(limits);
    }
}
