package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemHashTest {

    @Test
    void isStableAcrossReleasesBecauseSerializedSetsHoldIt() {
        // pinned values: a change here breaks every saved distinct set of format version 1
        assertThat(ItemHash.of("ad-1")).isEqualTo(PINNED_AD_1);
        assertThat(ItemHash.of("session-0123456789abcdef")).isEqualTo(PINNED_SESSION);
    }

    @Test
    void sequentialIdsDoNotCollide() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            seen.add(ItemHash.of("user-" + i));
        }
        // 200k of 2^32: about 4.7 collisions expected by chance
        assertThat(seen.size()).isGreaterThan(200_000 - 20);
    }

    @Test
    void leadingZeroBitsFollowTheGeometricLawThatSamplingAssumes() {
        int n = 400_000;
        int[] atLeast = new int[8];
        for (int i = 0; i < n; i++) {
            int zeros =
                    Integer.numberOfLeadingZeros(ItemHash.of("s-" + Integer.toHexString(i * 31)));
            for (int level = 0; level < atLeast.length; level++) {
                if (zeros >= level) {
                    atLeast[level]++;
                }
            }
        }
        for (int level = 1; level < atLeast.length; level++) {
            double expected = n / Math.pow(2, level);
            double sigma = Math.sqrt(expected);
            assertThat((double) atLeast[level])
                    .as("level %d", level)
                    .isCloseTo(expected, offset(5 * sigma));
        }
    }

    @Test
    void differsForIdsThatStringHashCodeConfuses() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(ItemHash.of("Aa")).isNotEqualTo(ItemHash.of("BB"));
    }

    private static final int PINNED_AD_1 = 15524941;
    private static final int PINNED_SESSION = 1091735491;
}
