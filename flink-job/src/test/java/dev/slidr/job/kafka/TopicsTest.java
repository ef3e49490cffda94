package dev.slidr.job.kafka;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.ReasonCode;
import dev.slidr.contract.testing.Clicks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** Each topic's keys and values, and that the registry travels to the task managers. */
class TopicsTest {

    private final Topics topics = Topics.of(new Topics.Names("c", "conv", "d", "dlq", "ctl"));

    @Test
    void keysDecisionsByClickIdAndWritesTheirContractJson() {
        Decision decision =
                Decision.givt(
                        "click-9", T0.toEpochMilli(), T0.toEpochMilli() + 5, List.of("x"), "s");

        assertThat(topics.decisions().name()).isEqualTo("d");
        assertThat(new String(topics.decisions().keyOf(decision), StandardCharsets.UTF_8))
                .isEqualTo("click-9");
        assertThat(ContractJson.readDecision(topics.decisions().valueOf(decision)).value())
                .isEqualTo(decision);
    }

    @Test
    void keysDeadLettersBySourceCoordinates() {
        DeadLetter letter =
                DeadLetter.of(
                        new byte[] {1, 2},
                        ReasonCode.NOT_UTF8,
                        "bad",
                        "clicks",
                        3,
                        42L,
                        T0.toEpochMilli());

        assertThat(new String(topics.deadLetters().keyOf(letter), StandardCharsets.UTF_8))
                .isEqualTo("clicks/3/42");
        assertThat(ContractJson.readDeadLetter(topics.deadLetters().valueOf(letter)).value())
                .isEqualTo(letter);
    }

    @Test
    void keysClicksByUserOrElseSession() {
        Click loggedIn = Clicks.click("alice", "198.51.100.1", T0);
        Click anonymous =
                Clicks.builder("bob", "198.51.100.2", T0).anonymous().session("s-42").build();

        assertThat(new String(topics.clicks().keyOf(loggedIn), StandardCharsets.UTF_8))
                .isEqualTo("alice");
        assertThat(new String(topics.clicks().keyOf(anonymous), StandardCharsets.UTF_8))
                .isEqualTo("s-42");
        assertThat(ContractJson.readClick(topics.clicks().valueOf(loggedIn)).value())
                .isEqualTo(loggedIn);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        Topics copy = InstantiationUtil.clone(topics, TopicsTest.class.getClassLoader());
        Decision decision = Decision.givt("c-1", 1L, 2L, List.of(), "s");

        assertThat(copy.decisions().keyOf(decision)).isEqualTo(topics.decisions().keyOf(decision));
    }
}
