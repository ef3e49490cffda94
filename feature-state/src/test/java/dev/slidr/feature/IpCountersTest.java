package dev.slidr.feature;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static dev.slidr.contract.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.slidr.contract.Click;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IpCountersTest {

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void countsClicksFromTheIpInEachWindow() {
        IpCounters state = new IpCounters();
        state.add(click("alice", "10.0.0.1", at(0)));
        state.add(click("bob", "10.0.0.1", at(3 * 3600)));
        IpFeatures f = state.add(click("carol", "10.0.0.1", at(3 * 3600 + 20)));

        assertThat(f.clicks1m()).isEqualTo(2);
        assertThat(f.clicks1h()).isEqualTo(2);
        assertThat(f.clicks24h()).isEqualTo(3);
        assertThat(f.late()).isFalse();
    }

    @Test
    void countsDistinctUsersAndSessions() {
        IpCounters state = new IpCounters();
        state.add(builder("alice", "ip", at(0)).session("s1").build());
        state.add(builder("alice", "ip", at(10)).session("s2").build());
        state.add(builder("bob", "ip", at(20)).session("s3").build());
        // anonymous clicks are keyed by session: a new user key and a new session
        state.add(builder("x", "ip", at(30)).anonymous().session("s4").build());
        IpFeatures f = state.add(builder("x", "ip", at(40)).anonymous().session("s4").build());

        assertThat(f.distinctUsers1h()).isEqualTo(3.0);
        assertThat(f.distinctUsers24h()).isEqualTo(3.0);
        assertThat(f.distinctSessions1h()).isEqualTo(4.0);
        assertThat(f.distinctSessions24h()).isEqualTo(4.0);

        // two hours later the 1-hour sets are empty again but for the new click
        IpFeatures later = state.add(builder("bob", "ip", at(7200)).session("s3").build());
        assertThat(later.distinctUsers1h()).isEqualTo(1.0);
        assertThat(later.distinctUsers24h()).isEqualTo(3.0);
        assertThat(later.distinctSessions24h()).isEqualTo(4.0);
    }

    @Test
    void gatewayIpWithHundredsOfUsersIsEstimatedWithinTheDocumentedError() {
        IpCounters state = new IpCounters();
        int users = 600;
        IpFeatures f = null;
        for (int i = 0; i < users; i++) {
            Click c = builder("user-" + i, "gw", at(i * 5L)).session("sess-" + i).build();
            f = state.add(c);
        }
        int level = state.distinctLevels(at(users * 5L - 5).toEpochMilli())[0];
        assertThat(level).isPositive();
        double sigma = Math.sqrt(users * (Math.pow(2, level) - 1));
        assertThat(f.distinctUsers1h()).isCloseTo(users, offset(4 * sigma));
        assertThat(f.distinctSessions24h()).isCloseTo(users, offset(4 * sigma));
        assertThat(f.clicks1h()).isEqualTo(users);
    }

    @Test
    void lateClickGetsFeaturesButIsNotAdded() {
        IpCounters state = new IpCounters();
        state.add(click("alice", "ip", at(0)));
        state.add(click("bob", "ip", at(26 * 3600)));
        IpFeatures late = state.add(click("carol", "ip", at(60)));

        assertThat(late.late()).isTrue();
        assertThat(late.clicks24h()).isZero();
        assertThat(late.distinctUsers24h()).isZero();

        IpFeatures next = state.add(click("dave", "ip", at(26 * 3600 + 1)));
        assertThat(next.clicks24h()).isEqualTo(2);
        assertThat(next.distinctUsers24h()).isEqualTo(2.0);
    }

    @Test
    void canBeDroppedOnceEveryBucketHasExpired() {
        IpCounters state = new IpCounters();
        state.add(click("alice", "ip", at(59 * 60)));
        long dropAt = at(24 * 3600).toEpochMilli();

        assertThat(state.droppableAt()).isEqualTo(dropAt);
        assertThat(state.canDrop(dropAt - 1)).isFalse();
        assertThat(state.canDrop(dropAt)).isTrue();
    }
}
