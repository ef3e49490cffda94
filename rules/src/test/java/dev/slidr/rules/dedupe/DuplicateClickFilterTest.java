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

/** The live dedupe rule over a stream of clicks, with memory bounded by the window. */
class DuplicateClickFilterTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final DuplicateClickPolicy policy = new DuplicateClickPolicy(Duration.ofHours(1));

    @Test
    void forgetsIdsOnlyWhenTheWatermarkPassesTheirWindow() {
        DuplicateClickFilter dedupe = new DuplicateClickFilter(policy, Duration.ZERO);

        assertThat(dedupe.firstOccurrence("c1", 0)).isTrue();
        assertThat(dedupe.firstOccurrence("c1", 10)).isFalse();
        assertThat(dedupe.firstOccurrence("c2", HOUR)).isTrue();
        assertThat(dedupe.watermark()).isEqualTo(HOUR - 1);
        assertThat(dedupe.size()).isEqualTo(2);
        assertThat(dedupe.firstOccurrence("c1", 20)).isFalse();
        assertThat(dedupe.firstOccurrence("c3", HOUR + 1)).isTrue();
        assertThat(dedupe.size()).isEqualTo(2);
        // late, but the live job's timer has cleared c1 by now: a new first occurrence there too
        assertThat(dedupe.firstOccurrence("c1", 30)).isTrue();
    }

    @Test
    void anIdSeenAgainAfterItsWindowKeepsItsNewWindow() {
        DuplicateClickFilter dedupe = new DuplicateClickFilter(policy, Duration.ofMinutes(10));

        assertThat(dedupe.firstOccurrence("c1", 0)).isTrue();
        // the watermark lags: the id is still remembered when it comes back after its window
        assertThat(dedupe.firstOccurrence("c1", HOUR + 5)).isTrue();
        assertThat(dedupe.firstOccurrence("c2", HOUR + Duration.ofMinutes(10).toMillis() + 1))
                .isTrue();
        assertThat(dedupe.watermark()).isEqualTo(HOUR);
        assertThat(dedupe.size()).isEqualTo(2);
        assertThat(dedupe.firstOccurrence("c1", HOUR + 6)).isFalse();
    }

    @Test
    void refusesANegativeOutOfOrderness() {
        assertThatThrownBy(() -> new DuplicateClickFilter(policy, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithABruteForceScanOfHistoryAndRemembersOnlyOpenWindows() {
        Random random = new Random(7);
        long outOfOrderness = HOUR / 10;
        DuplicateClickFilter dedupe =
                new DuplicateClickFilter(policy, Duration.ofMillis(outOfOrderness));
        // reference: the events that counted as first occurrences, searched every time
        Map<String, List<Long>> firsts = new HashMap<>();
        long maxTs = Long.MIN_VALUE;
        long ts = 0;
        for (int i = 0; i < 5_000; i++) {
            ts += random.nextInt((int) (HOUR / 20));
            long eventTs = ts - random.nextInt((int) (HOUR / 10)); // out of order, bounded
            String id = "c" + random.nextInt(200);
            maxTs = Math.max(maxTs, eventTs);
            long watermark = maxTs - outOfOrderness - 1;
            Long remembered = latestFirstNotExpired(firsts.get(id), watermark);
            boolean expected = !policy.isDuplicate(remembered, eventTs);
            assertThat(dedupe.firstOccurrence(id, eventTs)).as("event %d", i).isEqualTo(expected);
            if (expected) {
                firsts.computeIfAbsent(id, k -> new ArrayList<>()).add(eventTs);
            }
            long open =
                    firsts.values().stream()
                            .filter(t -> latestFirstNotExpired(t, watermark) != null)
                            .count();
            assertThat(dedupe.size()).as("event %d", i).isEqualTo(open);
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
