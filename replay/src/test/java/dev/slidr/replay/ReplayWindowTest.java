package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which clicks only warm the state, which are decided, which are not read. */
class ReplayWindowTest {

    private static final Instant FROM = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));
    private final ReplayWindow window = new ReplayWindow(FROM, TO, Duration.ofHours(2));

    private static long ms(Instant t) {
        return t.toEpochMilli();
    }

    @Test
    void clicksBeforeTheWarmUpAreNotRead() {
        assertThat(window.partOf(ms(FROM.minus(Duration.ofHours(2))) - 1))
                .isEqualTo(ReplayWindow.Part.BEFORE);
        assertThat(window.reads(ms(FROM.minus(Duration.ofHours(3))))).isFalse();
    }

    @Test
    void theWarmUpStartsInclusiveAndEndsWhereTheWindowStarts() {
        assertThat(window.partOf(ms(FROM.minus(Duration.ofHours(2)))))
                .isEqualTo(ReplayWindow.Part.WARM_UP);
        assertThat(window.partOf(ms(FROM) - 1)).isEqualTo(ReplayWindow.Part.WARM_UP);
        assertThat(window.reads(ms(FROM) - 1)).isTrue();
    }

    @Test
    void theWindowIsHalfOpen() {
        assertThat(window.partOf(ms(FROM))).isEqualTo(ReplayWindow.Part.DECIDED);
        assertThat(window.partOf(ms(TO) - 1)).isEqualTo(ReplayWindow.Part.DECIDED);
        assertThat(window.partOf(ms(TO))).isEqualTo(ReplayWindow.Part.AFTER);
        assertThat(window.reads(ms(TO))).isFalse();
    }

    @Test
    void noWarmUpDecidesFromTheFirstClick() {
        ReplayWindow cold = new ReplayWindow(FROM, TO, Duration.ZERO);

        assertThat(cold.partOf(ms(FROM) - 1)).isEqualTo(ReplayWindow.Part.BEFORE);
        assertThat(cold.partOf(ms(FROM))).isEqualTo(ReplayWindow.Part.DECIDED);
    }

    @Test
    void anEmptyOrReversedWindowIsRefused() {
        assertThatThrownBy(() -> new ReplayWindow(TO, FROM, Duration.ZERO))
                .hasMessageContaining("is not before");
        assertThatThrownBy(() -> new ReplayWindow(FROM, FROM, Duration.ZERO))
                .hasMessageContaining("is not before");
    }
}
