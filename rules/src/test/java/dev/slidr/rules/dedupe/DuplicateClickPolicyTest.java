package dev.slidr.rules.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The duplicate-click window and the in-memory deduplicator. */
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

    @Test
    void deduplicatorForgetsIdsOnlyWhenTheirWindowHasPassed() {
        ClickIdDeduplicator dedupe = new ClickIdDeduplicator(policy);

        assertThat(dedupe.firstOccurrence("c1", 0)).isTrue();
        assertThat(dedupe.firstOccurrence("c1", 10)).isFalse();
        dedupe.advanceTo(HOUR - 1);
        assertThat(dedupe.size()).isEqualTo(1);
        assertThat(dedupe.firstOccurrence("c1", 20)).isFalse();
        dedupe.advanceTo(HOUR);
        assertThat(dedupe.size()).isZero();
        assertThat(dedupe.firstOccurrence("c1", 30)).isTrue();
    }

    @Test
    void anIdSeenAgainAfterItsWindowKeepsItsNewWindow() {
        ClickIdDeduplicator dedupe = new ClickIdDeduplicator(policy);

        assertThat(dedupe.firstOccurrence("c1", 0)).isTrue();
        // the watermark lags: the id is still remembered when it comes back after its window
        assertThat(dedupe.firstOccurrence("c1", HOUR + 5)).isTrue();
        dedupe.advanceTo(HOUR);
        assertThat(dedupe.size()).isEqualTo(1);
        assertThat(dedupe.firstOccurrence("c1", HOUR + 6)).isFalse();
    }

    @Test
    void deduplicatorAgreesWithABruteForceScanOfHistory() {
        Random random = new Random(7);
        ClickIdDeduplicator dedupe = new ClickIdDeduplicator(policy);
        // reference: the events that counted as first occurrences, searched every time
        Map<String, List<Long>> firsts = new HashMap<>();
        long watermark = Long.MIN_VALUE;
        long ts = 0;
        for (int i = 0; i < 5_000; i++) {
            ts += random.nextInt((int) (HOUR / 20));
            long eventTs = ts - random.nextInt((int) (HOUR / 10)); // out of order, bounded
            String id = "c" + random.nextInt(200);
            Long remembered = latestFirstNotExpired(firsts.get(id), watermark);
            boolean expected = !policy.isDuplicate(remembered, eventTs);
            assertThat(dedupe.firstOccurrence(id, eventTs)).as("event %d", i).isEqualTo(expected);
            if (expected) {
                firsts.computeIfAbsent(id, k -> new ArrayList<>()).add(eventTs);
            }
            if (random.nextInt(10) == 0) {
                watermark = ts - HOUR / 10;
                dedupe.advanceTo(watermark);
            }
        }
    }

    private Long latestFirstNotExpired(List<Long> firstTimes, long watermark) {
        if (firstTimes == null || firstTimes.isEmpty()) {
            return null;
        }
        long last = firstTimes.get(firstTimes.size() - 1);
        return policy.expiresAt(last) <= watermark ? null : last;
    }
}
