package dev.slidr.job;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.DeadLetter;
import dev.slidr.contract.Decision;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.feature.FeatureSchema;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaJobs;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.rules.givt.DataCentreIpRanges;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import dev.slidr.simulator.hostile.HostileCorpus;
import dev.slidr.simulator.hostile.HostileKind;
import dev.slidr.simulator.hostile.HostileRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile corpus, every kind many times and one record of 10 MiB among them, mixed into valid
 * clicks through a real broker and the wired job: every valid click is decided once, every hostile
 * record has one dead letter with the reason it is labelled with (its original cut to what a dead
 * letter holds), the valid IPv6 forms are clicks whose equal addresses share one IP key, and the
 * job never restarts.
 */
class HostileInputITCase {

    private static final int PARALLELISM = 2;
    private static final int VALID_CLICKS = 600;
    private static final int HOSTILE_RECORDS = 20 * HostileKind.values().length;

    /** Room for the corpus's largest record, so that the job's own size limit answers it. */
    private static final int MAX_MESSAGE_BYTES = HostileCorpus.DEFAULT_LARGEST_BYTES + 1024 * 1024;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(
                                    LiveJobs.jobConfig(PARALLELISM).applyTo(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LiveJobs.startKafka();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void deadLettersEveryHostileRecordWithItsReasonAndDecidesEveryClickWithoutARestart(
            @InjectClusterClient ClusterClient<?> cluster) throws Exception {
        KafkaConfig config = LiveJobs.kafkaConfig(kafka, "hostile");
        Topics topics = Topics.of(config.topicNames());
        allowLargeRecords(config.topicNames().clicks());

        HostileCorpus corpus = new HostileCorpus(20, HostileCorpus.DEFAULT_LARGEST_BYTES);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<HostileRecord> hostile = new ArrayList<>();
        Set<String> expectedIds = new HashSet<>();
        int perClick = Math.max(1, VALID_CLICKS / HOSTILE_RECORDS);
        for (int i = 0; i < VALID_CLICKS; i++) {
            Click click = humanClick(i);
            records.add(LiveJobs.record(topics, click));
            expectedIds.add(click.clickId());
            if (i % perClick == 0 && hostile.size() < HOSTILE_RECORDS) {
                HostileRecord r = corpus.record(hostile.size(), click.ts());
                hostile.add(r);
                records.add(
                        new ProducerRecord<>(
                                topics.clicks().name(), null, r.timestamp(), r.key(), r.value()));
                if (r.accepted()) {
                    expectedIds.add(r.clickId());
                }
            }
        }
        assertThat(hostile).hasSize(HOSTILE_RECORDS);
        assertThat(hostile).anyMatch(r -> r.valueLength() == HostileCorpus.DEFAULT_LARGEST_BYTES);
        // one IPv6 host in its textual forms, on one partition (one key) so that they arrive in
        // order: the IP counters must count them as one address
        String[] forms = {
            "2001:db8:0:0:1:0:0:1",
            "2001:0db8:0000:0000:0001:0000:0000:0001",
            "2001:DB8::1:0:0:1",
            "2001:Db8:0:0:1::1",
            "2001:db8::1:0:0:1"
        };
        for (int i = 0; i < forms.length; i++) {
            Click click =
                    Clicks.builder("ipv6-user-" + i, forms[i], T0.plusSeconds(i))
                            .clickId("ipv6-form-" + i)
                            .build();
            records.add(
                    new ProducerRecord<>(
                            topics.clicks().name(),
                            null,
                            click.ts(),
                            "ipv6-forms".getBytes(StandardCharsets.UTF_8),
                            topics.clicks().valueOf(click)));
            expectedIds.add(click.clickId());
        }

        List<RecordMetadata> landed = produce(records);
        Map<String, HostileRecord> bySource = new HashMap<>();
        for (int i = 0, h = 0; i < records.size(); i++) {
            if (h < hostile.size() && records.get(i).value() == hostile.get(h).value()) {
                RecordMetadata at = landed.get(i);
                HostileRecord r = hostile.get(h++);
                if (!r.accepted()) {
                    bySource.put(at.topic() + "/" + at.partition() + "/" + at.offset(), r);
                }
            }
        }
        long rejected = hostile.stream().filter(r -> !r.accepted()).count();
        assertThat(bySource).hasSize((int) rejected);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LiveJobs.jobConfig(PARALLELISM).applyTo(new Configuration()));
        job(config).build(env);
        JobClient client = env.executeAsync("wired job, hostile input");
        client.getJobExecutionResult().get();

        List<ConsumerRecord<byte[], byte[]>> decisions =
                KafkaJobs.readCommitted(kafka, config.topicNames().decisions());
        Map<String, Decision> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : decisions) {
            Decision d = ContractJson.readDecision(record.value()).value();
            assertThat(byId.put(d.clickId(), d)).as("second decision for " + d.clickId()).isNull();
        }
        assertThat(byId.keySet()).isEqualTo(expectedIds);
        Set<Float> ipCounts = new HashSet<>();
        for (int i = 0; i < forms.length; i++) {
            ipCounts.add(byId.get("ipv6-form-" + i).feature(FeatureSchema.IP_CLICKS_24H));
        }
        assertThat(ipCounts).containsExactlyInAnyOrder(1f, 2f, 3f, 4f, 5f);

        Map<HostileKind, Integer> lettersPerKind = new EnumMap<>(HostileKind.class);
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaJobs.readCommitted(kafka, config.topicNames().deadLetters())) {
            String source = new String(record.key(), StandardCharsets.UTF_8);
            DeadLetter letter = ContractJson.readDeadLetter(record.value()).value();
            HostileRecord expected = bySource.remove(source);
            assertThat(expected)
                    .as("a dead letter for %s, not hostile or repeated", source)
                    .isNotNull();
            assertThat(letter.reason())
                    .as("%s: %s", expected, letter.message())
                    .isEqualTo(expected.expected());
            assertThat(letter.original().length).isLessThanOrEqualTo(DeadLetter.MAX_ORIGINAL_BYTES);
            assertThat(letter.originalLength()).isEqualTo(Math.max(0, expected.valueLength()));
            assertThat(record.value().length).isLessThan(64 * 1024);
            lettersPerKind.merge(expected.kind(), 1, Integer::sum);
        }
        assertThat(bySource).as("hostile records without a dead letter").isEmpty();
        // only the IPv6 forms and empty keys and values have records that are clicks
        assertThat(lettersPerKind).hasSize(HostileKind.values().length);
        assertThat(failures(cluster, client)).as("restarts of the job").isZero();
    }

    /** Lets records up to {@link #MAX_MESSAGE_BYTES} onto {@code topic}, as the brief asks. */
    private static void allowLargeRecords(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "max.message.bytes",
                                                            Integer.toString(MAX_MESSAGE_BYTES)),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    private static List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(4 * MAX_MESSAGE_BYTES));
        List<RecordMetadata> landed = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (java.util.concurrent.Future<RecordMetadata> f : sent) {
                landed.add(f.get());
            }
        }
        return landed;
    }

    /** Failures in the job's exception history: each one was a restart (or the end of the job). */
    private static int failures(ClusterClient<?> cluster, JobClient client) throws Exception {
        URI rest = URI.create(cluster.getWebInterfaceURL());
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                rest.resolve(
                                                        "/jobs/"
                                                                + client.getJobID()
                                                                + "/exceptions"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode entries = new ObjectMapper().readTree(response.body()).path("exceptionHistory");
        assertThat(entries.isMissingNode()).as(response.body()).isFalse();
        return entries.path("entries").size();
    }

    private static Click humanClick(int i) {
        return Clicks.builder(
                        "user-" + (i % 53), "198.51.100." + (i % 200), T0.plusMillis(500L * i))
                .clickId("click-" + i)
                .build();
    }

    private static ClickDecisionJob job(KafkaConfig config) {
        return new ClickDecisionJob(
                ClickIngress.sourceBuilder(config).setBounded(OffsetsInitializer.latest()).build(),
                ClickIngress.watermarks(config),
                DecisionSink.create(config),
                DeadLetterSink.create(config),
                GivtConfig.builder()
                        .dataCentreRanges(DataCentreIpRanges.parse(List.of("203.0.113.0/24")))
                        .build(),
                TestingKeys.privacyA(),
                ModelSource.fixed(TestingModels.model()),
                Slicing.DEVICE_AND_LOGIN,
                new Configuration());
    }
}
