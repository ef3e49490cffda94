package dev.slidr.job;

import static dev.slidr.contract.testing.Clicks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Click;
import dev.slidr.contract.ContractJson;
import dev.slidr.contract.Decision;
import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.contract.testing.Clicks;
import dev.slidr.inference.flink.DecisionSerializer;
import dev.slidr.inference.flink.ModelSource;
import dev.slidr.job.kafka.ClickIngress;
import dev.slidr.job.kafka.ControlTopicWriter;
import dev.slidr.job.kafka.DeadLetterSink;
import dev.slidr.job.kafka.DecisionSink;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaPreflight;
import dev.slidr.job.kafka.KafkaPreflight.KafkaUnavailableException;
import dev.slidr.job.kafka.Topics;
import dev.slidr.local.BillingReader;
import dev.slidr.local.InProcessKafka;
import dev.slidr.local.testing.TestingCertificates;
import dev.slidr.rules.givt.DataCentreIpRanges;
import dev.slidr.rules.givt.GivtConfig;
import dev.slidr.rules.privacy.TestingKeys;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job against a broker that only speaks SASL_SSL (SCRAM-SHA-512 over TLS, certificates
 * generated here), configured the way production configures it: a job configuration file whose
 * {@code slidr.kafka.properties.*} name the protocol, the login and the trust store and take the
 * passwords from a mounted secrets file (Kafka's {@code FileConfigProvider}), never in clear. The
 * job writes each decision exactly once across a restart, billing's {@code read_committed} reader
 * reads them, the preflight and the control-topic writer reach the broker, and a wrong password or
 * an untrusted certificate fails at once with one line naming the setting to check.
 */
class SaslSslJobITCase {

    private static final int CLICKS = 1500;
    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String USER = "slidr-job";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(LiveJobs.jobConfig(2).applyTo(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path dir;

    private static TestingCertificates.Stores tls;
    private static InProcessKafka kafka;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        tls = TestingCertificates.write(dir.resolve("tls"), STORE_PASSWORD);
        kafka =
                InProcessKafka.startSaslSsl(
                        new InProcessKafka.SaslSsl(
                                tls.keyStore(), tls.trustStore(), STORE_PASSWORD, USER, PASSWORD));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void armFailure() {
        FailOnceAfterCheckpoint.FAILED.set(false);
    }

    /**
     * The job's configuration file as an operator writes it: the secrets come from {@code secrets}
     * (a mounted file) through Kafka's file config provider.
     */
    private static Path jobConfigFile(String run, Path secrets, Path trustStore) throws Exception {
        String p = "slidr.kafka.properties.";
        String yaml =
                String.join(
                        "\n",
                        "slidr.kafka.bootstrap-servers: " + kafka.bootstrapServers(),
                        "slidr.kafka.topics.clicks: " + run + ".clicks",
                        "slidr.kafka.topics.conversions: " + run + ".conversions",
                        "slidr.kafka.topics.decisions: " + run + ".decisions",
                        "slidr.kafka.topics.dead-letters: " + run + ".dead-letters",
                        "slidr.kafka.topics.control: " + run + ".control",
                        "slidr.kafka.group-id: " + run,
                        "slidr.kafka.transactional-id-prefix: " + run,
                        "slidr.kafka.starting-offsets: EARLIEST",
                        "execution.checkpointing.interval: 200 ms",
                        p + "security.protocol: SASL_SSL",
                        p + "sasl.mechanism: SCRAM-SHA-512",
                        p + "config.providers: file",
                        p
                                + "config.providers.file.class:"
                                + " org.apache.kafka.common.config.provider.FileConfigProvider",
                        p
                                + "sasl.jaas.config: "
                                + InProcessKafka.scramLogin(
                                        USER, "${file:" + secrets + ":password}"),
                        p + "ssl.truststore.type: PKCS12",
                        p + "ssl.truststore.location: " + trustStore,
                        p
                                + "ssl.truststore.password: \"${file:"
                                + secrets
                                + ":ssl.truststore.password}\"",
                        "");
        return Files.writeString(dir.resolve(run + ".yaml"), yaml);
    }

    /** The secrets file a secret store mounts next to the job: the SCRAM and store passwords. */
    private static Path secretsFile(String name, String password) throws Exception {
        Properties secrets = new Properties();
        secrets.setProperty("password", password);
        secrets.setProperty("ssl.truststore.password", STORE_PASSWORD);
        Path file = dir.resolve(name + ".properties");
        try (var out = Files.newOutputStream(file)) {
            secrets.store(out, null);
        }
        return file;
    }

    private static KafkaConfig jobKafka(Path configFile) {
        Configuration conf = JobConfigFile.load(configFile);
        return KafkaConfig.fromConfiguration(LiveJobs.jobConfig(2).applyTo(conf));
    }

    private static KafkaConfig goodConfig(String run) throws Exception {
        return jobKafka(jobConfigFile(run, secretsFile(run, PASSWORD), tls.trustStore()));
    }

    private static void createTopics(KafkaConfig config) throws Exception {
        Topics.Names names = config.topicNames();
        kafka.createTopics(
                List.of(
                        new NewTopic(names.clicks(), 3, (short) 1),
                        new NewTopic(names.decisions(), 2, (short) 1),
                        new NewTopic(names.deadLetters(), 1, (short) 1),
                        new NewTopic(names.control(), 1, (short) 1)));
    }

    @Test
    void theJobWritesEachDecisionOnceOverSaslSslAndBillingReadsThem() throws Exception {
        KafkaConfig config = goodConfig("secure-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(config.clientProperties().get("sasl.jaas.config"))
                .as("the file holds no secret in clear")
                .contains("ScramLoginModule")
                .contains("password=\"${file:")
                .doesNotContain(PASSWORD);
        createTopics(config);
        KafkaPreflight.check(config, Duration.ofSeconds(10), false);
        Topics topics = Topics.of(config.topicNames());
        produce(config, topics);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LiveJobs.jobConfig(2).applyTo(new Configuration()));
        ClickDecisionJob.Streams streams = job(config).pipeline(env);
        streams.decisions()
                .map(
                        new FailOnceAfterCheckpoint<Decision>(CLICKS / 4)
                                .orWithoutCheckpointAfter(CLICKS / 3))
                .returns(DecisionSerializer.TYPE_INFO)
                .uid("test-fail-once")
                .sinkTo(DecisionSink.create(config))
                .uid(DecisionSink.UID);
        streams.deadLetters().sinkTo(DeadLetterSink.create(config)).uid(DeadLetterSink.UID);
        env.execute("wired job over SASL_SSL");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<String> ids = billingReads(config, topics.decisions().name(), CLICKS);
        assertThat(ids).hasSize(CLICKS).doesNotHaveDuplicates();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < CLICKS; i++) {
            expected.add("secure-click-" + i);
        }
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
    }

    @Test
    void theControlTopicWriterOfModelsLiveReachesTheSecureBroker() throws Exception {
        KafkaConfig config = goodConfig("control-" + UUID.randomUUID().toString().substring(0, 8));
        createTopics(config);

        ControlTopicWriter.write(
                config, new ControlCommand.Rollback("m1"), 1_000L, Duration.ofSeconds(10));

        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(
                        clientProperties(config),
                        "control-",
                        List.of(config.topicNames().control()))) {
            List<ControlCommand> commands = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (commands.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> commands.add(ControlCodec.decode(r.value()).value()));
            }
            assertThat(commands).containsExactly(new ControlCommand.Rollback("m1"));
        }
    }

    @Test
    void aWrongPasswordFailsThePreflightAtOnceNamingTheLoginSetting() throws Exception {
        String run = "wrong-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaConfig good = goodConfig(run);
        createTopics(good);
        KafkaConfig wrong =
                jobKafka(
                        jobConfigFile(
                                run,
                                secretsFile(run + "-wrong", "not-" + PASSWORD),
                                tls.trustStore()));

        long refusedBefore = kafka.failedAuthentications();
        assertThatThrownBy(() -> KafkaPreflight.check(wrong, Duration.ofSeconds(30), false))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageStartingWith(
                        "Kafka at " + kafka.bootstrapServers() + ": authentication failed (")
                .hasMessageEndingWith(
                        "); check the user and password in"
                                + " slidr.kafka.properties.sasl.jaas.config and"
                                + " slidr.kafka.properties.sasl.mechanism")
                .hasMessageNotContaining("not-" + PASSWORD)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> System.out.println("wrong password: " + e.getMessage()));
        long refusedByPreflight = refusedSince(refusedBefore);
        // no retry storm: the client stops at the first refusal instead of trying again until
        // its deadline (the admin client may open a second connection before the first refusal)
        assertThat(refusedByPreflight).isBetween(1L, 2L);
        assertThatThrownBy(
                        () ->
                                ControlTopicWriter.write(
                                        wrong,
                                        new ControlCommand.Rollback("m1"),
                                        1_000L,
                                        Duration.ofSeconds(30)))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageContaining(": authentication failed (")
                .hasMessageContaining("slidr.kafka.properties.sasl.jaas.config")
                .satisfies(
                        e ->
                                System.out.println(
                                        "models --live, wrong password: " + e.getMessage()));
        assertThat(refusedSince(refusedBefore + refusedByPreflight))
                .as("the control-topic writer gives up at the first refusal")
                .isBetween(1L, 2L);
        assertThatCode(() -> KafkaPreflight.check(good, Duration.ofSeconds(10), false))
                .as("the broker still serves the right password")
                .doesNotThrowAnyException();
    }

    @Test
    void anUntrustedCertificateFailsThePreflightAtOnceNamingTheTrustStore() throws Exception {
        String run = "untrusted-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaConfig untrusted =
                jobKafka(jobConfigFile(run, secretsFile(run, PASSWORD), tls.untrustedTrustStore()));

        long refusedBefore = kafka.failedAuthentications();
        assertThatThrownBy(() -> KafkaPreflight.check(untrusted, Duration.ofSeconds(30), false))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageStartingWith(
                        "Kafka at " + kafka.bootstrapServers() + ": TLS handshake failed (")
                .hasMessageContaining("slidr.kafka.properties.ssl.truststore.location")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> System.out.println("untrusted certificate: " + e.getMessage()));
        assertThat(refusedSince(refusedBefore)).isBetween(1L, 2L);
        assertThatThrownBy(
                        () ->
                                ControlTopicWriter.write(
                                        untrusted,
                                        new ControlCommand.Rollback("m1"),
                                        1_000L,
                                        Duration.ofSeconds(30)))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageContaining(": TLS handshake failed (");
    }

    /**
     * The logins the secure listener refused since its count was {@code before}. The broker counts
     * a refusal on its network thread, which can come after the client has already seen the failure
     * and given up: wait (up to 10 s) until the count moves, then a moment more for a second
     * connection's refusal, and read it.
     */
    private long refusedSince(long before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (kafka.failedAuthentications() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        return kafka.failedAuthentications() - before;
    }

    /** The client settings of {@code config}, as billing's reader takes them. */
    private static Properties clientProperties(KafkaConfig config) {
        Properties p = new Properties();
        p.putAll(config.clientProperties());
        p.setProperty("bootstrap.servers", config.bootstrapServers());
        return p;
    }

    private static void produce(KafkaConfig config, Topics topics) throws Exception {
        Properties p = config.producerProperties();
        p.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < CLICKS; i++) {
                Click click =
                        Clicks.builder(
                                        "user-" + (i % 29),
                                        "198.51.100." + (i % 200),
                                        T0.plusMillis(500L * i))
                                .clickId("secure-click-" + i)
                                .build();
                producer.send(LiveJobs.record(topics, click)).get();
            }
        }
    }

    /** What billing's reader sees: the committed decisions' click ids, keys checked. */
    private static List<String> billingReads(KafkaConfig config, String topic, int expected) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(clientProperties(config), "billing-", List.of(topic))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // one more poll after the expected count, so that a duplicate would show
            int extraPolls = 5;
            while (System.nanoTime() < deadline && (ids.size() < expected || extraPolls-- > 0)) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    Decision decision = ContractJson.readDecision(record.value()).value();
                    assertThat(new String(record.key(), StandardCharsets.UTF_8))
                            .isEqualTo(decision.clickId());
                    ids.add(decision.clickId());
                }
            }
        }
        return ids;
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
