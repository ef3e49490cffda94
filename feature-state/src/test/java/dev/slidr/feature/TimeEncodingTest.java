package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeEncodingTest {

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void mapsHourAndDayOntoTheUnitCircle() {
        TimeEncoding utc = TimeEncoding.in(ZoneOffset.UTC);
        float[] out = new float[4];

        utc.encode(millis("2026-03-02T06:30:00Z"), out, 0); // Monday 06:30
        assertThat(out[0]).isCloseTo(1f, offset(1e-6f)); // sin(2 pi 6/24)
        assertThat(out[1]).isCloseTo(0f, offset(1e-6f));
        assertThat(out[2]).isCloseTo(0f, offset(1e-6f)); // Monday = 0
        assertThat(out[3]).isCloseTo(1f, offset(1e-6f));

        utc.encode(millis("2026-03-08T18:00:00Z"), out, 0); // Sunday 18:00
        assertThat(out[0]).isCloseTo(-1f, offset(1e-6f));
        assertThat(out[1]).isCloseTo(0f, offset(1e-6f));
        assertThat(out[2]).isCloseTo((float) Math.sin(2 * Math.PI * 6 / 7), offset(1e-6f));
        assertThat(out[3]).isCloseTo((float) Math.cos(2 * Math.PI * 6 / 7), offset(1e-6f));
    }

    @Test
    void usesTheConfiguredZoneAcrossDaylightSavingChanges() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        TimeEncoding encoding = TimeEncoding.in(berlin);
        // 2026-03-29 01:30 UTC is 03:30 CEST, after the spring-forward gap
        assertThat(encoding.hourOfDay(millis("2026-03-29T01:30:00Z"))).isEqualTo(3);
        assertThat(encoding.hourOfDay(millis("2026-03-29T00:30:00Z"))).isEqualTo(1);
        // Sunday 23:30 UTC is already Monday in Berlin
        assertThat(encoding.dayOfWeek(millis("2026-03-01T23:30:00Z"))).isZero();
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        SplittableRandom random = new SplittableRandom(3);
        for (String zoneName :
                new String[] {"UTC", "America/Los_Angeles", "Asia/Kolkata", "+05:45"}) {
            ZoneId zone = ZoneId.of(zoneName);
            TimeEncoding encoding = TimeEncoding.in(zone);
            for (int i = 0; i < 5_000; i++) {
                // 1960 to 2100, including times before the epoch
                long t = random.nextLong(-315_619_200_000L, 4_102_444_800_000L);
                ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
                assertThat(encoding.hourOfDay(t))
                        .as("%s in %s", t, zone)
                        .isEqualTo(local.getHour());
                assertThat(encoding.dayOfWeek(t))
                        .as("%s in %s", t, zone)
                        .isEqualTo(local.getDayOfWeek().getValue() - 1);
            }
        }
    }
}
