package dev.slidr.job.ingress;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.flink.IngestedClick;
import dev.slidr.rules.givt.DataCentreIpRanges;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.givt.GivtReason;
import dev.slidr.rules.givt.UserAgents;
import dev.slidr.rules.privacy.Pseudonymizer;
import dev.slidr.rules.privacy.TestingKeys;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Harness tests of the screening and pseudonymization function. */
class IngressScreeningFunctionTest {

    private static final String HOSTED_IP = "203.0.113.10";
    private static final String HOME_IP = "198.51.100.20";

    private final GivtConfig givt =
            GivtConfig.builder()
                    .dataCentreRanges(DataCentreIpRanges.parse(List.of("203.0.113.0/24")))
                    .build();
    private final Pseudonymizer expected = new Pseudonymizer(TestingKeys.keyA());

    private OneInputStreamOperatorTestHarness<Click, GivtVerdict> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new IngressScreeningFunction(givt, TestingKeys.privacyA()));
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void emitsOnePseudonymizedVerdictPerClick() throws Exception {
        Click human = Clicks.click("alice", HOME_IP, T0);
        Click robot = Clicks.builder("bob", HOME_IP, T0).userAgent(UserAgents.BINGBOT).build();
        Click hosted = Clicks.click("carol", HOSTED_IP, T0);

        long before = IngestedClick.nowMicros();
        harness.processElement(human, human.ts());
        harness.processElement(robot, robot.ts());
        harness.processElement(hosted, hosted.ts());
        long after = IngestedClick.nowMicros();

        // each verdict carries the time the job read its click
        assertThat(harness.extractOutputValues())
                .allSatisfy(v -> assertThat(v.readMicros()).isBetween(before, after));
        assertThat(harness.extractOutputValues())
                .extracting(v -> new GivtVerdict(v.click(), v.reason()))
                .containsExactly(
                        GivtVerdict.pass(expected.pseudonymize(human)),
                        GivtVerdict.invalid(
                                expected.pseudonymize(robot), GivtReason.DECLARED_ROBOT),
                        GivtVerdict.invalid(
                                expected.pseudonymize(hosted), GivtReason.DATA_CENTRE_IP));
    }

    @Test
    void checksTheRawIpBeforeItIsPseudonymized() throws Exception {
        Click hosted = Clicks.builder("carol", "::ffff:" + HOSTED_IP, T0).build();

        harness.processElement(hosted, hosted.ts());

        GivtVerdict verdict = harness.extractOutputValues().get(0);
        assertThat(verdict.reason()).isEqualTo(GivtReason.DATA_CENTRE_IP);
        assertThat(verdict.click().ip()).startsWith("i.k1.").doesNotContain("203.0.113");
    }

    @Test
    void nothingDownstreamSeesARawIdentifier() throws Exception {
        Click click = Clicks.builder("alice@example.com", HOME_IP, T0).session("sess-77").build();

        harness.processElement(click, click.ts());

        String out = harness.extractOutputValues().get(0).toString();
        assertThat(out).doesNotContain("alice").doesNotContain("sess-77").doesNotContain(HOME_IP);
    }

    @Test
    void anUnparsableIpIsNeitherDroppedNorFlaggedAsDataCentre() throws Exception {
        Click odd = Clicks.click("alice", "999.1.1.1", T0);

        harness.processElement(odd, odd.ts());

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.isGivt()).isFalse();
                            assertThat(v.click().ip()).startsWith("i.k1.");
                        });
    }
}
