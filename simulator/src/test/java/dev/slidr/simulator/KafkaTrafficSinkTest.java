package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.contract.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Keys, topics and failure handling of the Kafka sink, against Kafka's own in-memory producer. */
class KafkaTrafficSinkTest {

    private static final long CLICK_TS = 1_000L;

    private static Click click(String id, String userId, String session) {
        return new Click(
                id,
                CLICK_TS,
                userId,
                session,
                "24.1.2.3",
                "Mozilla/5.0 (X11)",
                Device.DESKTOP,
                userId != null,
                "ad-1",
                "adv-0",
                "search_top");
    }

    @Test
    void keysClicksByUserKeyAndConversionsByClickId() throws IOException {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(
                        true, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaTrafficSink sink =
                new KafkaTrafficSink(new Pacer(0, Pacer.Ticker.SYSTEM), producer, "c", "v");
        sink.click(click("k1", "cust-1", "s1"), TrafficKind.HUMAN);
        sink.click(click("k2", null, "s2"), TrafficKind.BOTNET);
        sink.conversion(new Conversion("k1", 2_000L, Conversion.Kind.PURCHASE));
        sink.close();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("c", "c", "v");
        assertThat(sent)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("cust-1", "s2", "k1");
        // the job's watermarks come from record timestamps: each record carries its event time
        assertThat(sent)
                .extracting(ProducerRecord::timestamp)
                .containsExactly(CLICK_TS, CLICK_TS, 2_000L);
        String second = new String(sent.get(1).value(), StandardCharsets.UTF_8);
        assertThat(second).contains("\"click_id\":\"k2\"").doesNotContain("botnet");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void stopsOnTheFirstFailedSend() throws IOException {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(
                        false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaTrafficSink sink =
                new KafkaTrafficSink(new Pacer(0, Pacer.Ticker.SYSTEM), producer, "c", "v");
        sink.click(click("k1", null, "s1"), TrafficKind.HUMAN);
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
        assertThatThrownBy(() -> sink.click(click("k2", null, "s2"), TrafficKind.HUMAN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broker gone");
    }
}
