package dev.slidr.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingDistinctTest {

    private static final WindowSpec HOUR = WindowSpec.ONE_HOUR;
    private static final long MIN = 60_000L;

    /** The 5-minute bucket of an event time. */
    private static long b(long ts) {
        return HOUR.bucketOf(ts);
    }

    @Test
    void isExactUpToItsCapacity() {
        SlidingDistinct set = new SlidingDistinct(HOUR, 16, b(0));
        for (int i = 0; i < 16; i++) {
            set.add(b(0), ItemHash.of("id-" + i));
            set.add(b(0), ItemHash.of("id-" + i));
        }
        assertThat(set.estimate(b(0))).isEqualTo(16.0);
        assertThat(set.level(b(0))).isZero();
    }

    @Test
    void itemsExpireWhenTheirLastBucketLeavesTheRing() {
        SlidingDistinct set = new SlidingDistinct(HOUR, 16, b(0));
        set.add(b(0), ItemHash.of("a"));
        set.add(b(0), ItemHash.of("b"));
        set.advance(b(30 * MIN));
        set.add(b(30 * MIN), ItemHash.of("a"));

        set.advance(b(60 * MIN)); // bucket 0 leaves; "a" lives on in bucket 6
        assertThat(set.estimate(b(60 * MIN))).isEqualTo(1.0);
        assertThat(set.retained()).isEqualTo(1);

        set.advance(b(3 * 60 * MIN));
        assertThat(set.isEmpty()).isTrue();
    }

    @Test
    void queryEndingAtAnEarlierBucketIgnoresLaterBuckets() {
        SlidingDistinct set = new SlidingDistinct(HOUR, 16, b(20 * MIN));
        set.add(b(20 * MIN), ItemHash.of("late-arrival-first"));
        set.add(b(0), ItemHash.of("early"));

        assertThat(set.estimate(b(0))).isEqualTo(1.0);
        assertThat(set.estimate(b(20 * MIN))).isEqualTo(2.0);
    }

    @Test
    void samplesBeyondCapacityWithinTheDocumentedError() {
        SlidingDistinct set = new SlidingDistinct(HOUR, 64, b(0));
        SplittableRandom random = new SplittableRandom(7);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            long ts = random.nextLong(55 * MIN);
            set.advance(b(ts));
            set.add(b(ts), ItemHash.of("user-" + i));
        }
        long now = 55 * MIN;
        int level = set.level(b(now));
        assertThat(level).isPositive();
        assertThat(set.retained()).isLessThanOrEqualTo(64);
        double sigma = Math.sqrt(n * (Math.pow(2, level) - 1));
        assertThat(set.estimate(b(now))).isCloseTo(n, offset(4 * sigma));
    }

    @Test
    void relativeErrorOverManyKeysMatchesTheBound() {
        // Over many independent sets the mean squared relative error stays near the theory.
        int n = 2_000;
        double sumSquaredRelativeError = 0;
        int sets = 200;
        for (int s = 0; s < sets; s++) {
            SlidingDistinct set = new SlidingDistinct(HOUR, 64, b(0));
            for (int i = 0; i < n; i++) {
                set.add(b(0), ItemHash.of("set-" + s + "-item-" + i));
            }
            double relative = (set.estimate(b(0)) - n) / n;
            sumSquaredRelativeError += relative * relative;
        }
        double rse = Math.sqrt(sumSquaredRelativeError / sets);
        // capacity 64 keeps between 32 and 64 samples: RSE between 1/8 and 1/sqrt(32)
        assertThat(rse).isLessThan(1 / Math.sqrt(32) * 1.25);
    }

    @Test
    void returnsToExactCountsOnceHeavyBucketsExpire() {
        SlidingDistinct set = new SlidingDistinct(HOUR, 16, b(0));
        for (int i = 0; i < 100; i++) {
            set.add(b(0), ItemHash.of("burst-" + i));
        }
        assertThat(set.level(b(0))).isPositive();

        long later = 2 * 60 * MIN;
        set.advance(b(later));
        for (int i = 0; i < 10; i++) {
            set.add(b(later), ItemHash.of("calm-" + i));
        }
        assertThat(set.level(b(later))).isZero();
        assertThat(set.estimate(b(later))).isEqualTo(10.0);
    }

    @Test
    void slidingSampledEstimatesAreUnbiasedWithinTheDocumentedError() {
        // keys with 3000 new items a day over 52 h of a 24 x 1 h ring, queried at the end
        WindowSpec day = WindowSpec.ONE_DAY;
        for (int capacity : new int[] {24, 128}) {
            int sets = 100;
            double sum = 0;
            double sumSquares = 0;
            for (int s = 0; s < sets; s++) {
                SlidingDistinct set = new SlidingDistinct(day, capacity, 0);
                long step = 24 * 3_600_000L / 3_000;
                long last = 0;
                for (long t = 0; t < 52 * 3_600_000L; t += step) {
                    set.advance(day.bucketOf(t));
                    set.add(day.bucketOf(t), ItemHash.of("k" + s + "-" + t));
                    last = t;
                }
                long head = day.bucketOf(last);
                long truth = 0;
                for (long t = 0; t <= last; t += step) {
                    if (day.bucketOf(t) > head - day.buckets()) {
                        truth++;
                    }
                }
                double relative = (set.estimate(head) - truth) / truth;
                sum += relative;
                sumSquares += relative * relative;
            }
            double bias = sum / sets;
            double rse = Math.sqrt(sumSquares / sets);
            double bound = 1 / Math.sqrt(capacity / 2.0);
            assertThat(rse)
                    .as("relative standard error at capacity %d", capacity)
                    .isLessThan(bound);
            // the mean of 100 estimates: within 3 of its standard errors of 0
            assertThat(Math.abs(bias))
                    .as("bias at capacity %d", capacity)
                    .isLessThan(3 * bound / 10);
        }
    }

    @Test
    void aSampledSetReadsBackWithItsLevelsAndEstimates() throws IOException {
        SlidingDistinct set = new SlidingDistinct(HOUR, 32, b(0));
        for (int i = 0; i < 2_000; i++) {
            set.advance(b(i * 1_000L));
            set.add(b(i * 1_000L), ItemHash.of("id-" + i));
        }
        long head = b(1_999_000L);
        assertThat(set.level(head)).isPositive();

        SlidingDistinct read = SlidingDistinct.readFrom(input(bytesOf(set)), HOUR, 32, head);

        assertThat(read.level(head)).isEqualTo(set.level(head));
        assertThat(read.estimate(head)).isEqualTo(set.estimate(head));
        assertThat(bytesOf(read)).isEqualTo(bytesOf(set));
    }

    @Test
    void aSampledItemBelowItsBucketsLevelIsRejected() throws IOException {
        byte[] levels = new byte[HOUR.buckets()];
        levels[3] = 31; // only hashes with 31 leading zeros are admitted in bucket 3
        byte[] admitted = sampledItem(levels, 1, 1 << 3);
        byte[] notAdmitted = sampledItem(levels, -1, 1 << 3);
        byte[] otherBucket = sampledItem(levels, -1, 1 << 2);

        assertThat(SlidingDistinct.readFrom(input(admitted), HOUR, 16, b(0)).retained())
                .isEqualTo(1);
        assertThat(SlidingDistinct.readFrom(input(otherBucket), HOUR, 16, b(0)).retained())
                .isEqualTo(1);
        assertThatThrownBy(() -> SlidingDistinct.readFrom(input(notAdmitted), HOUR, 16, b(0)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("not admitted");
    }

    @Test
    void anUnsampledSetAdmitsEveryHash() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0); // not sampled: every level 0
        Varints.writeUnsigned(out, 2);
        out.writeInt(-1);
        Varints.writeMask(out, 1 << 5, HOUR.buckets());
        out.writeInt(0);
        Varints.writeMask(out, 1, HOUR.buckets());

        SlidingDistinct read = SlidingDistinct.readFrom(input(bytes.toByteArray()), HOUR, 16, b(0));

        assertThat(read.retained()).isEqualTo(2);
    }

    private static byte[] sampledItem(byte[] levels, int hash, int mask) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        Varints.writeUnsigned(out, 1);
        out.write(levels);
        out.writeInt(hash);
        Varints.writeMask(out, mask, HOUR.buckets());
        return bytes.toByteArray();
    }

    private static byte[] bytesOf(SlidingDistinct set) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        set.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
