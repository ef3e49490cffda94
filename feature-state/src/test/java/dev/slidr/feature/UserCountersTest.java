package dev.slidr.feature;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserCountersTest {

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Click alice(long seconds) {
        return click("alice", "10.0.0.1", at(seconds));
    }

    @Test
    void firstClickCountsItselfInEveryWindow() {
        UserFeatures f = new UserCounters().add(alice(0));

        assertThat(f.clicks1m()).isEqualTo(1);
        assertThat(f.clicks5m()).isEqualTo(1);
        assertThat(f.clicks1h()).isEqualTo(1);
        assertThat(f.clicks24h()).isEqualTo(1);
        assertThat(f.distinctAds1h()).isEqualTo(1.0);
        assertThat(f.distinctAdvertisers1h()).isEqualTo(1.0);
        assertThat(f.secondsSincePrevious()).isEqualTo(UserCounters.NO_PREVIOUS);
        assertThat(f.velocity()).isEqualTo(1440.0);
        assertThat(f.late()).isFalse();
    }

    @Test
    void windowsAreBucketAligned() {
        // T0 is on a whole hour: 10 s buckets start at T0, T0+10 s, ...
        UserCounters state = new UserCounters();
        state.add(alice(0));
        state.add(alice(9));

        // 65 s after T0 is in bucket 6; the 1-minute window is buckets 1..6, so both earlier
        // clicks (bucket 0) have left it although the first is only 65 s old.
        UserFeatures f = state.add(alice(65));
        assertThat(f.clicks1m()).isEqualTo(1);
        assertThat(f.clicks5m()).isEqualTo(3);

        // 59 s is still bucket 5: buckets 0..5 are in the window.
        UserCounters other = new UserCounters();
        other.add(alice(0));
        assertThat(other.add(alice(59)).clicks1m()).isEqualTo(2);
    }

    @Test
    void countsEachWindowSeparately() {
        UserCounters state = new UserCounters();
        state.add(alice(0)); // 09:00:00
        state.add(alice(30 * 60)); // 09:30
        state.add(alice(2 * 3600)); // 11:00
        state.add(alice(2 * 3600 + 200)); // 11:03:20
        UserFeatures f = state.add(alice(2 * 3600 + 230)); // 11:03:50

        assertThat(f.clicks1m()).isEqualTo(2);
        assertThat(f.clicks5m()).isEqualTo(3);
        assertThat(f.clicks1h()).isEqualTo(3);
        assertThat(f.clicks24h()).isEqualTo(5);
        assertThat(f.velocity()).isEqualTo(2 * 1440.0 / 5);
        assertThat(f.secondsSincePrevious()).isEqualTo(30.0);
    }

    @Test
    void laterEventsThatArrivedFirstDoNotCountForAnEarlierClick() {
        UserCounters state = new UserCounters();
        state.add(alice(600)); // arrives first, 10 minutes later in event time
        UserFeatures early = state.add(alice(0));

        // 10 minutes behind the key's latest time, the click's own 10 s and 1 min buckets are no
        // longer retained: short windows do not count even the click itself
        assertThat(early.clicks1m()).isZero();
        assertThat(early.clicks5m()).isZero();
        // the 1-hour window ends at the early click's 5-minute bucket (09:00-09:05): 09:10 is out
        assertThat(early.clicks1h()).isEqualTo(1);
        // the 24-hour window ends at its hour bucket, 09:00-10:00, which holds both
        assertThat(early.clicks24h()).isEqualTo(2);
        assertThat(early.secondsSincePrevious()).isEqualTo(UserCounters.NO_PREVIOUS);
        assertThat(early.late()).isFalse();

        // and the out-of-order click is added: a click at 10 minutes sees both
        UserFeatures next = state.add(alice(601));
        assertThat(next.clicks1h()).isEqualTo(3);
        assertThat(next.secondsSincePrevious()).isEqualTo(1.0);
    }

    @Test
    void eventsInTheSameBucketCountWhateverTheirOrder() {
        UserCounters state = new UserCounters();
        state.add(alice(8));
        assertThat(state.add(alice(2)).clicks1m()).isEqualTo(2);
    }

    @Test
    void outOfOrderClickFindsItsPreviousClickAmongTheLatestTimes() {
        UserCounters state = new UserCounters();
        state.add(alice(0));
        state.add(alice(100));
        state.add(alice(50)); // previous at or before 50 s is 0 s
        UserFeatures f = state.add(alice(70));

        assertThat(f.secondsSincePrevious()).isEqualTo(20.0);
    }

    @Test
    void previousClickIsUnknownWhenTooManyLaterClicksArrivedFirst() {
        UserCounters state = new UserCounters();
        state.add(alice(0));
        for (int i = 1; i <= UserCounters.RECENT_CLICKS; i++) {
            state.add(alice(1000 + i));
        }
        assertThat(state.add(alice(10)).secondsSincePrevious()).isEqualTo(UserCounters.NO_PREVIOUS);
    }

    @Test
    void outOfOrderEventOlderThanAShortWindowIsCountedOnlyInLongerOnes() {
        UserCounters state = new UserCounters();
        state.add(alice(3600));
        UserFeatures old = state.add(alice(3600 - 600)); // 10 minutes out of order

        // its 1-minute buckets left the ring at 10:00, its 5-minute and hour buckets did not
        assertThat(old.clicks1m()).isZero();
        assertThat(old.clicks5m()).isZero();
        assertThat(old.clicks1h()).isEqualTo(1);
        assertThat(old.clicks24h()).isEqualTo(1);

        assertThat(state.add(alice(3601)).clicks1h()).isEqualTo(3);
    }

    @Test
    void lateClickGetsFeaturesButIsNotAdded() {
        UserCounters state = new UserCounters();
        state.add(alice(0));
        state.add(alice(25 * 3600)); // 25 h later: the 09:00 hour bucket leaves the ring
        Click late = builder("alice", "10.0.0.1", at(3600 - 1)).ad("ad-late").build();
        assertThat(state.isLate(late.ts())).isTrue();

        UserFeatures f = state.add(late);

        assertThat(f.late()).isTrue();
        assertThat(f.clicks24h()).isZero();
        assertThat(f.clicks1h()).isZero();
        assertThat(f.distinctAds1h()).isZero();
        assertThat(f.velocity()).isZero();
        // its previous click (09:00) expired with the key's state when the click 25 h later came:
        // every bucket was over, as when the live stage's timer drops it
        assertThat(f.secondsSincePrevious()).isEqualTo(UserCounters.NO_PREVIOUS);

        UserFeatures after = state.add(alice(25 * 3600 + 1));
        assertThat(after.clicks24h()).isEqualTo(2);
        assertThat(after.distinctAds1h()).isEqualTo(1.0);
        assertThat(after.secondsSincePrevious()).isEqualTo(1.0);
    }

    @Test
    void clickJustInsideTheRetentionHorizonIsAdded() {
        UserCounters state = new UserCounters();
        state.add(alice(24 * 3600 + 3599)); // bucket 09:00 next day + 59:59
        UserFeatures f = state.add(alice(3600)); // 10:00 day one: 23 hour buckets earlier

        assertThat(f.late()).isFalse();
        assertThat(f.clicks24h()).isEqualTo(1);
        assertThat(state.add(alice(24 * 3600 + 3599)).clicks24h()).isEqualTo(3);
    }

    @Test
    void countsDistinctAdsAndAdvertisersInTheHour() {
        UserCounters state = new UserCounters();
        state.add(builder("alice", "ip", at(0)).ad("a1").advertiser("x").build());
        state.add(builder("alice", "ip", at(60)).ad("a2").advertiser("x").build());
        state.add(builder("alice", "ip", at(120)).ad("a1").advertiser("y").build());
        UserFeatures f =
                state.add(builder("alice", "ip", at(3600)).ad("a3").advertiser("z").build());

        // 10:00's window is 09:05..10:05: the three 09:00-09:02 clicks have left it
        assertThat(f.distinctAds1h()).isEqualTo(1.0);
        assertThat(f.distinctAdvertisers1h()).isEqualTo(1.0);

        UserCounters fresh = new UserCounters();
        fresh.add(builder("alice", "ip", at(0)).ad("a1").advertiser("x").build());
        fresh.add(builder("alice", "ip", at(60)).ad("a2").advertiser("x").build());
        UserFeatures g =
                fresh.add(builder("alice", "ip", at(120)).ad("a1").advertiser("y").build());
        assertThat(g.distinctAds1h()).isEqualTo(2.0);
        assertThat(g.distinctAdvertisers1h()).isEqualTo(2.0);
    }

    @Test
    void canBeDroppedOnceEveryBucketHasExpired() {
        UserCounters state = new UserCounters();
        assertThat(state.canDrop(T0.toEpochMilli())).isTrue();

        state.add(alice(30 * 60)); // 09:30, hour bucket 09:00
        long dropAt = T0.plus(Duration.ofHours(24)).toEpochMilli();

        assertThat(state.droppableAt()).isEqualTo(dropAt);
        assertThat(state.canDrop(dropAt - 1)).isFalse();
        assertThat(state.canDrop(dropAt)).isTrue();
        // a click at the drop time would see nothing of the state: dropping loses no feature
        UserCounters kept = state.copy();
        UserFeatures f = kept.add(click("alice", "ip", Instant.ofEpochMilli(dropAt)));
        UserFeatures fresh =
                new UserCounters().add(click("alice", "ip", Instant.ofEpochMilli(dropAt)));
        assertThat(f.clicks24h()).isEqualTo(1);
        assertThat(f).isEqualTo(fresh);
    }

    @Test
    void previousClickIsForgottenWithTheExpiredState() {
        UserCounters state = new UserCounters();
        state.add(alice(30 * 60));
        long dropAt = state.droppableAt();

        // just before the state expires the previous click is still known
        UserCounters kept = state.copy();
        assertThat(
                        kept.add(click("alice", "ip", Instant.ofEpochMilli(dropAt - 1)))
                                .secondsSincePrevious())
                .isEqualTo((dropAt - 1 - at(30 * 60).toEpochMilli()) / 1000.0);
        // from then on the key is new, whether the live stage's timer has dropped it yet or not
        assertThat(
                        state.add(click("alice", "ip", Instant.ofEpochMilli(dropAt)))
                                .secondsSincePrevious())
                .isEqualTo(UserCounters.NO_PREVIOUS);
    }

    @Test
    void copyIsIndependent() {
        UserCounters state = new UserCounters();
        state.add(alice(0));
        UserCounters copy = state.copy();
        copy.add(alice(1));

        assertThat(state.add(alice(2)).clicks1m()).isEqualTo(2);
        assertThat(copy.add(alice(2)).clicks1m()).isEqualTo(3);
    }

    @Test
    void extremeTimestampsNeitherOverflowNorThrow() {
        UserCounters state = new UserCounters();
        state.add(click("alice", "ip", Instant.ofEpochMilli(Long.MAX_VALUE - 1)));
        assertThat(state.droppableAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(state.canDrop(Long.MAX_VALUE - 1)).isFalse();

        UserFeatures early = state.add(click("alice", "ip", Instant.ofEpochMilli(-5_000L)));
        assertThat(early.late()).isTrue();
        assertThat(early.clicks24h()).isZero();
    }
}
