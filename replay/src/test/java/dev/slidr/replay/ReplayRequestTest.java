package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad combination of a replay request is refused with one line saying what is wrong. */
class ReplayRequestTest {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));

    private static ReplayRequest.Builder valid() {
        return ReplayRequest.builder()
                .from(FROM)
                .to(TO)
                .source(new ReplaySource.Files(List.of(Path.of("clicks.jsonl")), null))
                .registry(ModelRegistry.open(Path.of("registry")))
                .modelVersion("m1")
                .out(Path.of("out"));
    }

    @Test
    void aValidRequestGetsTheDefaults() {
        ReplayRequest request = valid().build();

        assertThat(request.warmUp()).isEqualTo(Duration.ofHours(24));
        assertThat(request.baseline()).isEqualTo(new Baseline.None());
        assertThat(request.publish()).isFalse();
        assertThat(request.emitAll()).isFalse();
        assertThat(request.replayId()).matches("replay-[0-9a-f]{16}");
    }

    @Test
    void theDerivedReplayIdIsTheSameForTheSameRequest() {
        assertThat(valid().build().replayId()).isEqualTo(valid().build().replayId());
    }

    @Test
    void theDerivedReplayIdChangesWithTheModelOrTheWindow() {
        String id = valid().build().replayId();

        assertThat(valid().modelVersion("m2").build().replayId()).isNotEqualTo(id);
        assertThat(valid().to(TO.plusSeconds(1)).build().replayId()).isNotEqualTo(id);
        assertThat(valid().baseline(new Baseline.Version("m0")).build().replayId())
                .isNotEqualTo(id);
    }

    @Test
    void theDerivedReplayIdOfATopicReplayDependsOnWhereTheClicksAreNotOnSecrets() {
        Configuration a = new Configuration();
        a.set(KafkaOptions.BOOTSTRAP_SERVERS, "kafka-0:9093");
        a.set(PrivacyOptions.HMAC_SECRET, "c2VjcmV0LW9uZS1zZWNyZXQtb25lLXNlY3JldC1vbmUtMzI=");
        Configuration b = new Configuration(a);
        b.set(PrivacyOptions.HMAC_SECRET, "c2VjcmV0LXR3by1zZWNyZXQtdHdvLXNlY3JldC10d28tMzI=");
        Configuration otherTopic = new Configuration(a);
        otherTopic.set(KafkaOptions.CLICKS_TOPIC, "other.clicks");

        String id = valid().source(new ReplaySource.Topic(a)).build().replayId();

        assertThat(valid().source(new ReplaySource.Topic(b)).build().replayId()).isEqualTo(id);
        assertThat(valid().source(new ReplaySource.Topic(otherTopic)).build().replayId())
                .isNotEqualTo(id);
    }

    @Test
    void aGivenReplayIdIsKept() {
        assertThat(valid().replayId("incident-42").build().replayId()).isEqualTo("incident-42");
    }

    static List<Arguments> badRequests() {
        return List.of(
                bad("no start", b -> b.from(null), "no start"),
                bad("no end", b -> b.to(null), "no end"),
                bad("from equals to", b -> b.from(TO), "is not before to"),
                bad("from after to", b -> b.from(TO.plusSeconds(1)), "is not before to"),
                bad("negative warm-up", b -> b.warmUp(Duration.ofMinutes(-1)), "is negative"),
                bad("no warm-up", b -> b.warmUp(null), "no warm-up"),
                bad("oversized warm-up", b -> b.warmUp(Duration.ofDays(8)), "longer than"),
                bad("no source", b -> b.source(null), "no source"),
                bad(
                        "no click files",
                        b -> b.source(new ReplaySource.Files(List.of(), null)),
                        "no click files"),
                bad("no registry", b -> b.registry(null), "no model registry"),
                bad("no model", b -> b.modelVersion(null), "no model"),
                bad("blank model", b -> b.modelVersion("  "), "no model"),
                bad(
                        "hostile model name",
                        b -> b.modelVersion("../../etc/passwd"),
                        "is not a version name"),
                bad(
                        "control characters in the model name",
                        b -> b.modelVersion("m1\n\u001b[2J"),
                        "is not a version name"),
                bad(
                        "oversized model name",
                        b -> b.modelVersion("m".repeat(10_000)),
                        "is not a version name"),
                bad("no baseline", b -> b.baseline(null), "no baseline"),
                bad(
                        "the baseline is the replayed version",
                        b -> b.baseline(new Baseline.Version("m1")),
                        "is the replayed version"),
                bad(
                        "hostile baseline version",
                        b -> b.baseline(new Baseline.Version("m 1;rm")),
                        "is not a version name"),
                bad("no output directory", b -> b.out(null), "no output directory"),
                bad("publish without Kafka settings", b -> b.publish(true), "publish needs"),
                bad("empty replay id", b -> b.replayId(""), "replay id"),
                bad("hostile replay id", b -> b.replayId("a/../b"), "replay id"),
                bad("oversized replay id", b -> b.replayId("r".repeat(129)), "replay id"));
    }

    private static Arguments bad(
            String name, UnaryOperator<ReplayRequest.Builder> change, String message) {
        return Arguments.of(name, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedWithOneLine(
            String name, UnaryOperator<ReplayRequest.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
    }

    @Test
    void publishingWithKafkaSettingsIsAccepted() {
        assertThat(valid().publish(true).kafka(new Configuration()).build().publish()).isTrue();
    }
}
