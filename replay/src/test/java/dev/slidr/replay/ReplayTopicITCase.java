package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Replays of the clicks topic on an in-process broker: termination on a transactionally written
 * topic, and idempotent publishing of corrections.
 */
class ReplayTopicITCase extends BrokerReplayFixture {

    @Test
    void aReplayOfATransactionallyWrittenTopicEndsAndDecidesEveryCommittedClick() throws Exception {
        Configuration conf = settings(run("transactions"), 2, 2);
        ModelRegistry registry = registry();
        List<Click> committed = traffic(FROM.plus(Duration.ofMinutes(1)), 60, "t-");
        List<Click> aborted = traffic(FROM.plus(Duration.ofMinutes(2)), 20, "aborted-");
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            committed.subList(0, 40).forEach(c -> producer.send(record(conf, c)));
            producer.commitTransaction();
            producer.beginTransaction();
            aborted.forEach(c -> producer.send(record(conf, c)));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            committed.subList(40, 60).forEach(c -> producer.send(record(conf, c)));
            // the topic ends on a commit marker: the bounded read must still end
            producer.commitTransaction();
        }

        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(request(conf, registry, tmp.resolve("out")).emitAll(true).build());
        assertThat(result.decided()).isEqualTo(60);
        assertThat(readDecisions(tmp.resolve("out").resolve("corrections.jsonl")))
                .extracting(Decision::clickId)
                .containsExactlyInAnyOrderElementsOf(
                        committed.stream().map(Click::clickId).toList());
    }

    @Test
    void publishingTheSameReplayTwicePublishesTheSameCorrections() throws Exception {
        // one partition: a deterministic arrival order, so the replays decide identically
        Configuration conf = settings(run("publish"), 1, 1);
        ModelRegistry registry = registry();
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            traffic(FROM.plus(Duration.ofMinutes(1)), 50, "i-")
                    .forEach(c -> producer.send(record(conf, c)));
            producer.commitTransaction();
        }
        ReplayRequest once =
                request(conf, registry, tmp.resolve("once")).emitAll(true).publish(true).build();
        ReplayRequest twice =
                request(conf, registry, tmp.resolve("twice"))
                        .emitAll(true)
                        .publish(true)
                        .replayId(once.replayId())
                        .build();

        new ReplayRun(ReplayListener.SILENT).run(once);
        new ReplayRun(ReplayListener.SILENT).run(twice);

        List<ConsumerRecord<byte[], byte[]>> published =
                kafka.consume(
                        conf.get(KafkaOptions.CORRECTIONS_TOPIC), 100, Duration.ofSeconds(60));
        assertThat(published).hasSize(100);
        Map<String, List<String>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : published) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Decision d = ContractJson.readDecision(r.value()).value();
            assertThat(d.clickId()).isEqualTo(key);
            assertThat(d.replayId()).isEqualTo(once.replayId());
            byKey.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertThat(byKey).hasSize(50);
        assertThat(byKey.values()).allSatisfy(v -> assertThat(v).hasSize(2).containsOnly(v.get(0)));
    }
}
