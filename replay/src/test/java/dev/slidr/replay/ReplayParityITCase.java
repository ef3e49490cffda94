package dev.slidr.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.ClickDecisionJob;
import dev.slidr.job.JobConfig;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.PrivacyConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The live job decides a window from Kafka; the replay of the same window with the same model gives
 * bit-identical features, scores, thresholds and decisions for every click (only {@code
 * decided_ts}, {@code revision} and {@code replay_id} differ).
 */
class ReplayParityITCase extends BrokerReplayFixture {

    @Test
    void theReplayOfTheLiveWindowGivesTheLiveDecisionsBitForBit() throws Exception {
        Configuration conf = settings(run("parity"), 1, 1);
        ModelRegistry registry = registry();
        List<Click> clicks = traffic(FROM.minus(Duration.ofMinutes(30)), 270, "p-");
        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            for (Click c : clicks) {
                producer.send(record(conf, c));
            }
            // a repeated click id: the dedupe rule decides it once, live and in the replay
            producer.send(record(conf, clicks.get(100)));
            producer.commitTransaction();
        }
        DeployedModel model = BundleModels.deployed(RegistryModel.resolve(registry, "p1"));
        KafkaConfig kafkaConfig = ReplayRun.kafkaConfig(conf);
        ClickDecisionJob live =
                new ClickDecisionJob(
                        ClickIngress.sourceBuilder(kafkaConfig)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        ClickIngress.watermarks(kafkaConfig),
                        DecisionSink.create(kafkaConfig),
                        DeadLetterSink.create(kafkaConfig),
                        GivtConfig.fromConfiguration(conf),
                        PrivacyConfig.fromConfiguration(conf, System.getenv()),
                        ModelSource.fixed(model),
                        model.thresholds().slicing(),
                        conf);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobConfig.fromConfiguration(conf).applyTo(conf));
        live.build(env);
        env.execute("live");
        Map<String, Decision> liveDecisions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                kafka.consume(kafkaConfig.topicNames().decisions(), 270, Duration.ofSeconds(60))) {
            Decision d = ContractJson.readDecision(r.value()).value();
            liveDecisions.put(d.clickId(), d);
        }
        assertThat(liveDecisions).hasSize(270);

        ReplayResult result =
                new ReplayRun(ReplayListener.SILENT)
                        .run(
                                request(conf, registry, tmp.resolve("out"))
                                        .baseline(new Baseline.DecisionsTopic(conf))
                                        .emitAll(true)
                                        .build());

        List<Decision> replayed = readDecisions(tmp.resolve("out").resolve("corrections.jsonl"));
        List<Decision> expected =
                liveDecisions.values().stream()
                        .filter(d -> d.eventTs() >= FROM.toEpochMilli())
                        .map(BrokerReplayFixture::verdict)
                        .toList();
        assertThat(expected).hasSize(180);
        assertThat(replayed).hasSize(180);
        assertThat(replayed).extracting(Decision::revision).containsOnly(1);
        assertThat(replayed.stream().map(BrokerReplayFixture::verdict).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected.stream().filter(Decision::invalid).count())
                .as("the model flags some clicks, so thresholds are compared too")
                .isPositive();
        assertThat(result.decided()).isEqualTo(180);
        assertThat(result.warmed()).isEqualTo(90);
        assertThat(result.report().flippedToInvalid()).isZero();
        assertThat(result.report().flippedToValid()).isZero();
    }
}
