package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weak labels: purchases inside or outside the attribution window, and the RFM cut. */
class WeakLabelsTest {

    static final long T0 = 1_748_836_800_000L;
    static final long HOUR = 3_600_000L;

    static Click click(String id, long ts, String user, boolean loggedIn) {
        return new Click(
                id,
                ts,
                user,
                "s-" + id,
                "10.0.0.1",
                "agent",
                Device.DESKTOP,
                loggedIn,
                "ad-1",
                "adv-1",
                "home");
    }

    private final WeakLabels labels =
            new WeakLabels(
                    Duration.ofHours(24),
                    4.0,
                    Map.of(
                            "inside", new long[] {T0 + 23 * HOUR},
                            "outside", new long[] {T0 + 25 * HOUR},
                            "before", new long[] {T0 - 1},
                            "twice", new long[] {T0 + 30 * HOUR, T0 + HOUR}),
                    Map.of("loyal", 4.0, "casual", 3.67));

    @Test
    void purchaseWithinTheWindowMakesTheClickHuman() {
        assertThat(labels.label(click("inside", T0, null, false))).isEqualTo(WeakLabels.HUMAN);
        assertThat(labels.label(click("twice", T0, null, false))).isEqualTo(WeakLabels.HUMAN);
    }

    @Test
    void purchaseAfterTheWindowOrBeforeTheClickDoesNot() {
        assertThat(labels.purchased(click("outside", T0, null, false))).isFalse();
        assertThat(labels.label(click("outside", T0, null, false))).isEqualTo(WeakLabels.NON_HUMAN);
        assertThat(labels.label(click("before", T0, null, false))).isEqualTo(WeakLabels.NON_HUMAN);
    }

    @Test
    void loggedInCustomerAtOrAboveTheRfmCutIsHuman() {
        assertThat(labels.label(click("a", T0, "loyal", true))).isEqualTo(WeakLabels.HUMAN);
        assertThat(labels.label(click("b", T0, "casual", true))).isEqualTo(WeakLabels.NON_HUMAN);
        assertThat(labels.label(click("c", T0, "stranger", true))).isEqualTo(WeakLabels.NON_HUMAN);
    }

    @Test
    void rfmCountsOnlyForLoggedInClicks() {
        assertThat(labels.label(click("d", T0, "loyal", false))).isEqualTo(WeakLabels.NON_HUMAN);
    }
}
