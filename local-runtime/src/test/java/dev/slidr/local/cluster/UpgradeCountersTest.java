package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.feature.UserCounters;
import dev.slidr.feature.UserFeatures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal's check that counters continue: decisions whose user-key features equal the
 * uninterrupted computation pass; decisions after the upgrade whose counters started again from
 * zero (state lost) are caught; decisions before and after are told apart by the decisions topic's
 * committed end when the old job stopped.
 */
class UpgradeCountersTest {

    private static final String DECISIONS = "decisions";
    private static final int CLICKS = 12_000;
    private static final int UPGRADE_AT = 6_000;
    private static final Map<Integer, Long> BOUNDARY = Map.of(0, (long) UPGRADE_AT);

    @Test
    void featuresThatContinueAcrossTheUpgradeMatch() {
        UpgradeTally tally = tally(false);

        UpgradeSummary.Counters counters = UpgradeRehearsal.counters(tally, CLICKS, BOUNDARY);

        assertThat(counters.mismatches()).isZero();
        assertThat(counters.firstMismatch()).isNull();
        assertThat(counters.compared()).isEqualTo(CLICKS);
        // every user has clicks 5,000 apart: those seen before 6,000 come back after it
        assertThat(counters.keysAcross()).isEqualTo(5_000);
        assertThat(counters.comparedAfter()).isEqualTo(CLICKS - UPGRADE_AT);
    }

    @Test
    void countersThatStartAgainAfterTheUpgradeAreCaught() {
        UpgradeTally tally = tally(true);

        UpgradeSummary.Counters counters = UpgradeRehearsal.counters(tally, CLICKS, BOUNDARY);

        assertThat(counters.mismatches()).isEqualTo(CLICKS - UPGRADE_AT);
        assertThat(counters.firstMismatch()).contains("soak-6000").contains("(after it)");
    }

    @Test
    void givtDecisionsWithoutFeaturesAreNotCompared() {
        UpgradeTally tally = new UpgradeTally(new Properties(), DECISIONS, "dead", 2);
        Click click = SoakTraffic.click(0);
        Decision givt =
                Decision.givt(
                        click.clickId(), click.ts(), click.ts(), List.of("declared_robot"), "all");
        feed(tally, givt, 0);

        UpgradeSummary.Counters counters = UpgradeRehearsal.counters(tally, 2, BOUNDARY);

        assertThat(counters.compared()).isZero();
        assertThat(tally.decided(0)).isTrue();
        assertThat(tally.decided(1)).isFalse();
    }

    /** Decisions for every click, their user features as one machine computes them. */
    private static UpgradeTally tally(boolean stateLostAtUpgrade) {
        UpgradeTally tally = new UpgradeTally(new Properties(), DECISIONS, "dead", CLICKS);
        Map<String, UserCounters> state = new HashMap<>();
        for (int i = 0; i < CLICKS; i++) {
            if (stateLostAtUpgrade && i == UPGRADE_AT) {
                state.clear();
            }
            Click click = SoakTraffic.click(i);
            UserFeatures user =
                    state.computeIfAbsent(click.userKey(), k -> new UserCounters()).add(click);
            float[] features = new float[FeatureSchema.CURRENT.size()];
            features[FeatureSchema.USER_CLICKS_1M] = user.clicks1m();
            features[FeatureSchema.USER_CLICKS_5M] = user.clicks5m();
            features[FeatureSchema.USER_CLICKS_1H] = user.clicks1h();
            features[FeatureSchema.USER_CLICKS_24H] = user.clicks24h();
            features[FeatureSchema.USER_VELOCITY] = (float) user.velocity();
            features[FeatureSchema.USER_SECONDS_SINCE_PREVIOUS] =
                    (float) user.secondsSincePrevious();
            feed(tally, scored(click, features), i);
        }
        return tally;
    }

    private static Decision scored(Click click, float[] features) {
        return new Decision(
                click.clickId(),
                click.ts(),
                click.ts(),
                false,
                Decision.Stage.NONE,
                List.of(),
                0.1,
                0.5,
                "all",
                "m1",
                "c1",
                FeatureSchema.CURRENT.version(),
                features,
                0,
                null);
    }

    private static void feed(UpgradeTally tally, Decision decision, long offset) {
        tally.accept(
                new ConsumerRecord<>(
                        DECISIONS,
                        0,
                        offset,
                        decision.clickId().getBytes(StandardCharsets.UTF_8),
                        ContractJson.write(decision)));
    }
}
