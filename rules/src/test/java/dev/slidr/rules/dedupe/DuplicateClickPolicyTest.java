package dev.slidr.rules.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duplicate-click window. */
class DuplicateClickPolicyTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final DuplicateClickPolicy policy = new DuplicateClickPolicy(Duration.ofHours(1));

    @Test
    void aFirstClickIsNeverADuplicate() {
        assertThat(policy.isDuplicate(null, 5)).isFalse();
    }

    @Test
    void aRepeatWithinTheWindowIsADuplicateEvenOutOfOrder() {
        assertThat(policy.isDuplicate(1_000L, 1_000)).isTrue();
        assertThat(policy.isDuplicate(1_000L, 1_000 + HOUR - 1)).isTrue();
        assertThat(policy.isDuplicate(1_000L, 0)).isTrue();
    }

    @Test
    void aRepeatAfterTheWindowIsANewFirstOccurrence() {
        assertThat(policy.isDuplicate(1_000L, 1_000 + HOUR)).isFalse();
    }

    @Test
    void expiryDoesNotOverflow() {
        assertThat(policy.expiresAt(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesEmptyWindows() {
        assertThatThrownBy(() -> new DuplicateClickPolicy(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DuplicateClickPolicy(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
