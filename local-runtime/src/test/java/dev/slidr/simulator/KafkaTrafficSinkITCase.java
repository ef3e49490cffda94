package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.contract.Conversion;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.simulator.testing.TestingTrafficSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Simulated traffic through a real in-process broker: every record, keyed, in order. */
class KafkaTrafficSinkITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void publishesEveryClickAndConversionKeyedAndInEventTimeOrder() throws Exception {
        kafka.createTopic("sim-clicks", 3);
        kafka.createTopic("sim-conversions", 1);
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .set(SimulatorOptions.HUMAN_USERS, 500)
                        .set(SimulatorOptions.GATEWAY_COUNT, 2)
                        .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, 0.5)
                        .set(SimulatorOptions.BOTNET_HOSTS, 50)
                        .set(SimulatorOptions.FARM_ACCOUNTS, 5)
                        .set(SimulatorOptions.STOLEN_ACCOUNTS, 5)
                        .set(SimulatorOptions.LOW_AND_SLOW_BOTS, 20)
                        .set(SimulatorOptions.PURCHASE_RATE, 0.1)
                        .build();
        TestingTrafficSink expected = new TestingTrafficSink();
        new TrafficSimulator(config, 5, TrafficSimulator.DEFAULT_START, 1)
                .run(expected, ProgressListener.NONE);

        SimulationSummary summary;
        try (KafkaTrafficSink sink =
                new KafkaTrafficSink(
                        KafkaTrafficSink.producerProperties(kafka.bootstrapServers(), Map.of()),
                        "sim-clicks",
                        "sim-conversions",
                        0)) {
            summary =
                    new TrafficSimulator(config, 5, TrafficSimulator.DEFAULT_START, 1)
                            .run(sink, ProgressListener.NONE);
        }
        assertThat(summary.clicks()).isEqualTo(expected.clicks.size()).isGreaterThan(1_000);
        assertThat(summary.conversions()).isPositive();

        List<ConsumerRecord<byte[], byte[]>> clicks =
                kafka.consume("sim-clicks", expected.clicks.size(), Duration.ofSeconds(60));
        assertThat(clicks).hasSize(expected.clicks.size());
        Map<String, Click> byId = new HashMap<>();
        expected.clicks.forEach(c -> byId.put(c.clickId(), c));
        Map<Integer, Long> lastTsPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : clicks) {
            JsonNode json = JSON.readTree(record.value());
            Click original = byId.get(json.get("click_id").asText());
            assertThat(original).isNotNull();
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(original.userKey());
            assertThat(json.get("ts").asLong()).isEqualTo(original.ts());
            assertThat(json.has("kind")).isFalse();
            long previous = lastTsPerPartition.getOrDefault(record.partition(), Long.MIN_VALUE);
            assertThat(original.ts()).isGreaterThanOrEqualTo(previous);
            lastTsPerPartition.put(record.partition(), original.ts());
        }
        assertThat(lastTsPerPartition).hasSize(3);

        List<ConsumerRecord<byte[], byte[]>> conversions =
                kafka.consume(
                        "sim-conversions", expected.conversions.size(), Duration.ofSeconds(60));
        assertThat(conversions)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(
                        expected.conversions.stream().map(Conversion::clickId).toList());
        Set<String> clickIds = byId.keySet();
        assertThat(conversions)
                .allSatisfy(
                        r ->
                                assertThat(clickIds)
                                        .contains(new String(r.key(), StandardCharsets.UTF_8)));
        assertThat(conversions.stream().map(KafkaTrafficSinkITCase::ts).toList())
                .isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void pacedOutputKeepsEveryClickInOrder() throws Exception {
        kafka.createTopic("paced-clicks", 1);
        kafka.createTopic("paced-conversions", 1);
        SimulatorConfig config = SmallConfigs.tiny();
        TestingTrafficSink all = new TestingTrafficSink();
        new TrafficSimulator(config, 9, TrafficSimulator.DEFAULT_START, 1)
                .run(all, ProgressListener.NONE);
        List<Click> first = all.clicks.subList(0, 200);
        try (KafkaTrafficSink sink =
                new KafkaTrafficSink(
                        KafkaTrafficSink.producerProperties(kafka.bootstrapServers(), Map.of()),
                        "paced-clicks",
                        "paced-conversions",
                        400)) {
            for (Click c : first) {
                sink.click(c, TrafficKind.HUMAN);
            }
        }
        assertThat(kafka.consume("paced-clicks", 200, Duration.ofSeconds(30)))
                .extracting(r -> JSON.readTree(r.value()).get("click_id").asText())
                .containsExactlyElementsOf(
                        first.stream().map(Click::clickId).collect(Collectors.toList()));
    }

    private static long ts(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).get("ts").asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
