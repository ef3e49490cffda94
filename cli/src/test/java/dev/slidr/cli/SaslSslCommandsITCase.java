package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.local.BillingReader;
import dev.slidr.local.InProcessKafka;
import dev.slidr.local.testing.TestingCertificates;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that touch Kafka ({@code models shadow --live}, the preflight of {@code run})
 * against a broker that only speaks SASL_SSL, configured through {@code slidr.kafka.properties.*}
 * with the secrets in a mounted file: they reach it with the right password and fail at once, in
 * one line naming the setting to check, with a wrong one or an untrusted certificate.
 */
class SaslSslCommandsITCase {

    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String USER = "slidr-cli";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String CONTROL = "secure.control";

    @TempDir static Path dir;
    private static TestingCertificates.Stores tls;
    private static InProcessKafka kafka;

    @TempDir Path tmp;
    private Path root;
    private Path trustedKey;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        tls = TestingCertificates.write(dir.resolve("tls"), STORE_PASSWORD);
        kafka =
                InProcessKafka.startSaslSsl(
                        new InProcessKafka.SaslSsl(
                                tls.keyStore(), tls.trustStore(), STORE_PASSWORD, USER, PASSWORD));
        kafka.createTopics(
                List.of(
                        new NewTopic(CONTROL, 1, (short) 1),
                        new NewTopic("secure.clicks", 1, (short) 1),
                        new NewTopic("secure.decisions", 1, (short) 1),
                        new NewTopic("secure.dead-letters", 1, (short) 1)));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void registry() throws Exception {
        trustedKey = tmp.resolve("trusted.pub");
        Files.writeString(trustedKey, SigningKeys.publicPem(TestingBundles.SIGNER.publicKey()));
        root = tmp.resolve("registry");
        ModelRegistry registry = TestingBundles.registry(root);
        registry.register(TestingBundles.bundle("m1", slice -> 0.5));
        registry.promote("m1");
        registry.register(TestingBundles.bundle("m2", slice -> 0.6));
    }

    /** The job's configuration file: protocol and trust store in it, the secrets in a file. */
    private Path config(String password, Path trustStore) throws Exception {
        Properties secrets = new Properties();
        secrets.setProperty("password", password);
        secrets.setProperty("ssl.truststore.password", STORE_PASSWORD);
        Path secretsFile = tmp.resolve("kafka-secrets.properties");
        try (var out = Files.newOutputStream(secretsFile)) {
            secrets.store(out, null);
        }
        String p = "slidr.kafka.properties.";
        return Files.writeString(
                tmp.resolve("slidr.yaml"),
                String.join(
                        "\n",
                        "slidr.kafka.bootstrap-servers: " + kafka.bootstrapServers(),
                        "slidr.kafka.topics.clicks: secure.clicks",
                        "slidr.kafka.topics.decisions: secure.decisions",
                        "slidr.kafka.topics.dead-letters: secure.dead-letters",
                        "slidr.kafka.topics.control: " + CONTROL,
                        "slidr.kafka.preflight.timeout: 30 s",
                        "slidr.privacy.hmac.secret: AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                        "slidr.privacy.hmac.key-id: k1",
                        p + "security.protocol: SASL_SSL",
                        p + "sasl.mechanism: SCRAM-SHA-512",
                        p + "config.providers: file",
                        p
                                + "config.providers.file.class:"
                                + " org.apache.kafka.common.config.provider.FileConfigProvider",
                        p
                                + "sasl.jaas.config: "
                                + InProcessKafka.scramLogin(
                                        USER, "${file:" + secretsFile + ":password}"),
                        p + "ssl.truststore.type: PKCS12",
                        p + "ssl.truststore.location: " + trustStore,
                        p
                                + "ssl.truststore.password: \"${file:"
                                + secretsFile
                                + ":ssl.truststore.password}\"",
                        ""));
    }

    private CommandRun models(String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        all.addAll(List.of("--registry", root.toString(), "--trusted-keys", trustedKey.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void shadowLiveWritesItsCommandOverSaslSsl() throws Exception {
        Path config = config(PASSWORD, tls.trustStore());

        CommandRun shadow = models("shadow", "m2", "--live", "--config", config.toString());

        assertThat(shadow.exitCode()).as(shadow.err()).isZero();
        assertThat(shadow.out()).contains("wrote ").contains(" to " + CONTROL + "/0@");
        List<ControlCommand> commands = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                BillingReader.open(kafka.clientProperties(), "cli-", List.of(CONTROL))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!commands.contains(new ControlCommand.Shadow("m2"))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> commands.add(ControlCodec.decode(r.value()).value()));
            }
        }
        assertThat(commands).contains(new ControlCommand.Shadow("m2"));
    }

    @Test
    void shadowLiveWithAWrongPasswordFailsInOneLineNamingTheLoginSetting() throws Exception {
        Path config = config("not-" + PASSWORD, tls.trustStore());

        CommandRun shadow = models("shadow", "m2", "--live", "--config", config.toString());

        assertThat(shadow.exitCode()).isEqualTo(1);
        assertThat(shadow.err().lines().filter(l -> !l.isBlank()).toList())
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .contains("authentication failed (")
                                        .contains("slidr.kafka.properties.sasl.jaas.config")
                                        .doesNotContain("not-" + PASSWORD));
    }

    @Test
    void runWithAWrongPasswordStopsAtThePreflightInOneLine() throws Exception {
        Path model = dev.slidr.job.TestingModels.writeModelDirectory(tmp.resolve("model"));

        CommandRun run =
                CommandRun.of(
                        "run",
                        "--config",
                        config("not-" + PASSWORD, tls.trustStore()).toString(),
                        "--model-dir",
                        model.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "run: failed: Kafka at "
                                + kafka.bootstrapServers()
                                + ": authentication failed (")
                .contains("check the user and password in slidr.kafka.properties.sasl.jaas.config")
                .doesNotContain("Exception");
    }

    @Test
    void runWithAnUntrustedCertificateStopsAtThePreflightInOneLine() throws Exception {
        Path model = dev.slidr.job.TestingModels.writeModelDirectory(tmp.resolve("model"));

        CommandRun run =
                CommandRun.of(
                        "run",
                        "--config",
                        config(PASSWORD, tls.untrustedTrustStore()).toString(),
                        "--model-dir",
                        model.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "run: failed: Kafka at "
                                + kafka.bootstrapServers()
                                + ": TLS handshake failed (")
                .contains("slidr.kafka.properties.ssl.truststore.location")
                .doesNotContain("Exception");
    }

    @Test
    void runWithAnUnreadableSecretsFileStopsAtThePreflightNamingTheFile() throws Exception {
        Path model = dev.slidr.job.TestingModels.writeModelDirectory(tmp.resolve("model"));
        Path config = config(PASSWORD, tls.trustStore());
        Files.delete(tmp.resolve("kafka-secrets.properties"));

        CommandRun run =
                CommandRun.of(
                        "run", "--config", config.toString(), "--model-dir", model.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().filter(l -> !l.isBlank()).toList())
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .contains(
                                                "run: failed: cannot create a Kafka client for "
                                                        + kafka.bootstrapServers())
                                        .contains(
                                                tmp.resolve("kafka-secrets.properties")
                                                        .toString()));
    }
}
