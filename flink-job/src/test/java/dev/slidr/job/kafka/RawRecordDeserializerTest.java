package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.DeadLetter;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Raw records keep their coordinates; tombstones and huge values are marked, never thrown on. */
class RawRecordDeserializerTest {

    private final RawRecordDeserializer deserializer = new RawRecordDeserializer(16 * 1024);

    @Test
    void keepsValueAndCoordinates() {
        byte[] value = {'{', '}'};
        RawRecord raw = deserializer.toRaw(new ConsumerRecord<>("clicks", 2, 17L, null, value));

        assertThat(raw)
                .isEqualTo(new RawRecord("clicks", 2, 17L, raw.timestamp(), value, 2, false));
        assertThat(raw.tombstone()).isFalse();
    }

    @Test
    void marksATombstone() {
        RawRecord raw = deserializer.toRaw(new ConsumerRecord<>("clicks", 0, 5L, null, null));

        assertThat(raw.tombstone()).isTrue();
        assertThat(raw.oversized()).isFalse();
    }

    @Test
    void keepsOnlyTheFirstBytesOfAHugeValue() {
        byte[] value = new byte[1024 * 1024];
        Arrays.fill(value, (byte) 'x');

        RawRecord raw = deserializer.toRaw(new ConsumerRecord<>("clicks", 0, 9L, null, value));

        assertThat(raw.oversized()).isTrue();
        assertThat(raw.valueLength()).isEqualTo(1024 * 1024);
        assertThat(raw.value()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES);
    }

    @Test
    void marksAValueJustOverTheLimitAndKeepsAllOfIt() {
        byte[] value = new byte[16 * 1024 + 1];

        RawRecord raw = deserializer.toRaw(new ConsumerRecord<>("clicks", 0, 9L, null, value));

        assertThat(raw.oversized()).isTrue();
        assertThat(raw.value()).hasSize(value.length);
    }
}
