package dev.slidr.feature;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-ad counters: windows, the anonymous share, late clicks, retention and the byte format.
 */
class AdCountersTest {

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Click on(String user, long seconds, boolean loggedIn) {
        var b = builder(user, "10.0.0." + user.length(), at(seconds)).ad("ad-7");
        return loggedIn ? b.build() : b.anonymous().build();
    }

    @Test
    void countsTheAdsClicksAndItsAnonymousClicksInEachWindow() {
        AdCounters state = new AdCounters();
        state.add(on("alice", 0, true));
        state.add(on("s-1", 2 * 3600, false));
        state.add(on("s-2", 3 * 3600, false));
        AdFeatures f = state.add(on("bob", 3 * 3600 + 20, true));

        assertThat(f.clicks1h()).isEqualTo(2);
        assertThat(f.anonymousClicks1h()).isEqualTo(1);
        assertThat(f.clicks24h()).isEqualTo(4);
        assertThat(f.anonymousClicks24h()).isEqualTo(2);
        assertThat(f.late()).isFalse();

        // a day later only the new click is in either window
        AdFeatures next = state.add(on("s-3", 28 * 3600, false));
        assertThat(next.clicks24h()).isEqualTo(1);
        assertThat(next.anonymousClicks24h()).isEqualTo(1);
        assertThat(next.clicks1h()).isEqualTo(1);
    }

    @Test
    void anOutOfOrderClickCountsOnlyWhatCameBeforeItsBucket() {
        AdCounters state = new AdCounters();
        state.add(on("s-1", 3 * 3600, false));
        AdFeatures earlier = state.add(on("alice", 600, true));

        // the later click's bucket is after this click's, so it does not count for it; and the
        // earlier click's own 5-minute bucket has already left the hour's ring, so only the day
        // window counts it
        assertThat(earlier.late()).isFalse();
        assertThat(earlier.clicks1h()).isZero();
        assertThat(earlier.anonymousClicks1h()).isZero();
        assertThat(earlier.clicks24h()).isEqualTo(1);
        assertThat(state.add(on("bob", 3 * 3600 + 1, true)).clicks24h()).isEqualTo(3);
    }

    @Test
    void lateClickGetsFeaturesButIsNotAdded() {
        AdCounters state = new AdCounters();
        state.add(on("alice", 0, true));
        state.add(on("s-1", 26 * 3600, false));
        AdFeatures late = state.add(on("s-2", 60, false));

        assertThat(late.late()).isTrue();
        assertThat(late.clicks24h()).isZero();
        assertThat(state.isLate(at(60).toEpochMilli())).isTrue();

        AdFeatures next = state.add(on("s-3", 26 * 3600 + 1, false));
        assertThat(next.clicks24h()).isEqualTo(2);
        assertThat(next.anonymousClicks24h()).isEqualTo(2);
    }

    @Test
    void canBeDroppedOnceEveryBucketHasExpired() {
        AdCounters state = new AdCounters();
        assertThat(state.canDrop(0)).isTrue();
        state.add(on("alice", 59 * 60, true));
        long dropAt = at(24 * 3600).toEpochMilli();

        assertThat(state.droppableAt()).isEqualTo(dropAt);
        assertThat(state.canDrop(dropAt - 1)).isFalse();
        assertThat(state.canDrop(dropAt)).isTrue();
        assertThat(state.maxTimestamp()).isEqualTo(at(59 * 60).toEpochMilli());
    }

    @Test
    void stateRoundTripsThroughBytesAndGoesOnCountingTheSame() throws IOException {
        AdCounters state = new AdCounters();
        List<Click> stream = busyAd(2_000);
        stream.subList(0, 1_500).forEach(state::add);
        byte[] bytes = bytes(state);
        AdCounters restored = AdCounters.readFrom(StateSerializationTest.input(bytes));

        assertThat(bytes[0]).isEqualTo((byte) AdCounters.FORMAT_VERSION);
        assertThat(bytes(restored)).isEqualTo(bytes);
        AdCounters copy = state.copy();
        for (Click next : stream.subList(1_500, 2_000)) {
            AdFeatures expected = state.add(next);
            assertThat(restored.add(next)).isEqualTo(expected);
            assertThat(copy.add(next)).isEqualTo(expected);
        }
        assertThat(
                        AdCounters.readFrom(StateSerializationTest.input(bytes(new AdCounters())))
                                .isEmpty())
                .isTrue();
    }

    @Test
    void unknownVersionsBadFlagsAndTruncationsAreRejectedWithAReason() throws IOException {
        AdCounters state = new AdCounters();
        busyAd(400).forEach(state::add);
        byte[] bytes = bytes(state);

        byte[] version = bytes.clone();
        version[0] = 2;
        assertThatThrownBy(() -> AdCounters.readFrom(StateSerializationTest.input(version)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("unknown ad state format version 2");
        byte[] flag = bytes.clone();
        flag[1] = 5;
        assertThatThrownBy(() -> AdCounters.readFrom(StateSerializationTest.input(flag)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("empty flag");
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> AdCounters.readFrom(StateSerializationTest.input(cut)))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(StateFormatException.class);
        }
    }

    /** A popular ad: logged-in and anonymous visitors every 40 s, a few clicks out of order. */
    static List<Click> busyAd(int clicks) {
        List<Click> stream = new ArrayList<>();
        for (int i = 0; i < clicks; i++) {
            long seconds = i * 40L - (i % 13 == 0 ? 900 : 0);
            var b = builder("user-" + (i % 300), "10.3.0." + (i % 250), at(seconds)).ad("ad-7");
            stream.add(i % 3 == 0 ? b.build() : b.anonymous().build());
        }
        return stream;
    }

    static byte[] bytes(AdCounters state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
