package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Device;
import dev.slidr.feature.TimeEncoding;
import dev.slidr.training.rows.RowFile;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The feature stages drop a key's counters once its windows expired, without changing a row. */
class FeatureStagesTest {

    private static final long T0 = 1_748_836_800_000L;
    private static final long MINUTE = 60_000L;

    private static FeatureStages stages(int sweepEvery) {
        WeakLabels labels = new WeakLabels(Duration.ofHours(24), 4.0, Map.of(), Map.of());
        return new FeatureStages(
                new RowLabels(labels, c -> -1, TimeEncoding.in(ZoneId.of("America/New_York")), 30),
                5_000,
                sweepEvery);
    }

    private static Click click(int i, long ts, String user, String ip, String ad) {
        return new Click(
                "c" + i,
                ts,
                user,
                "s-" + user,
                ip,
                "agent",
                Device.MOBILE,
                user != null,
                ad,
                "adv-1",
                "home");
    }

    /** Three days of clicks in time order; users and IPs come back after gaps of hours to days. */
    private static List<Click> threeDays() {
        Random random = new Random(17);
        List<Click> clicks = new ArrayList<>();
        long ts = T0;
        for (int i = 0; ts < T0 + 72 * 60 * MINUTE; i++) {
            ts += random.nextInt(40_000);
            // the pools slide by 50 keys every 6 h, so keys go idle for good; one click in
            // twenty comes from the first pool, whose keys return after idle spells of any length
            int shift = (int) ((ts - T0) / (360 * MINUTE)) * 50;
            boolean returning = random.nextInt(20) == 0;
            int base = returning ? 0 : shift;
            String user = random.nextInt(4) == 0 ? null : "u" + (base + random.nextInt(400));
            String ip =
                    "10.0."
                            + (base + random.nextInt(250)) / 250
                            + "."
                            + (base + random.nextInt(250)) % 250;
            clicks.add(click(i, ts, user, ip, "ad" + random.nextInt(6)));
        }
        return clicks;
    }

    @Test
    void rowsAreTheSameWhetherExpiredKeysAreDroppedOrKept() {
        FeatureStages dropping = stages(1);
        FeatureStages keeping = stages(Integer.MAX_VALUE);
        List<Click> clicks = threeDays();
        for (Click c : clicks) {
            RowFile.Row a = copy(dropping.add(c));
            RowFile.Row b = keeping.add(c);
            assertThat(a.x).as("features of %s", c.clickId()).isEqualTo(b.x);
            assertThat(a.flags).isEqualTo(b.flags);
            assertThat(a.slice).isEqualTo(b.slice);
            assertThat(a.ts).isEqualTo(b.ts);
        }
        assertThat(dropping.keys()).isLessThan(keeping.keys());
    }

    @Test
    void keysHeldFollowTheLastDayNotTheWholeLog() {
        FeatureStages stages = stages(64);
        int n = 3 * 24 * 60;
        for (int i = 0; i < n; i++) {
            // a new user and a new IP every minute for three days
            stages.add(
                    click(
                            i,
                            T0 + i * MINUTE,
                            "u" + i,
                            "10.1." + (i / 250) + "." + (i % 250),
                            "ad"));
        }
        // every user and IP of the log would be 2n + 1 keys; a day and an hour of them stay
        assertThat(stages.keys()).isLessThan(2L * 26 * 60 + 1 + 2 * 64);
        assertThat(stages.peakKeys()).isLessThan(2L * 26 * 60 + 1 + 2 * 64);
        assertThat(stages.keys()).isGreaterThan(2L * 23 * 60);
    }

    @Test
    void refusesANegativeOutOfOrdernessOrSweepInterval() {
        WeakLabels labels = new WeakLabels(Duration.ofHours(24), 4.0, Map.of(), Map.of());
        TimeEncoding time = TimeEncoding.in(ZoneId.of("UTC"));
        RowLabels rows = new RowLabels(labels, c -> -1, time, 30);
        assertThatThrownBy(() -> new FeatureStages(rows, -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureStages(rows, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RowFile.Row copy(RowFile.Row row) {
        RowFile.Row c = new RowFile.Row(row.x.length);
        System.arraycopy(row.x, 0, c.x, 0, row.x.length);
        c.flags = row.flags;
        c.slice = row.slice;
        c.ts = row.ts;
        return c;
    }
}
