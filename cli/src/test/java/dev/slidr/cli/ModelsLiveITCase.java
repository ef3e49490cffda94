package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.control.ControlCodec;
import dev.slidr.contract.control.ControlCommand;
import dev.slidr.job.model.TestingBundles;
import dev.slidr.local.testing.EmbeddedKafkaCluster;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState;
import dev.slidr.registry.RegistryState.HistoryEntry;
import dev.slidr.registry.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code models promote --live}, {@code rollback --live}, {@code shadow --live} and {@code unshadow
 * --live}: the registry records who and why, the command reaches the control topic exactly as the
 * contract says, and bad options exit 2 with one line and change nothing.
 */
class ModelsLiveITCase {

    @TempDir Path tmp;
    private Path root;
    private Path trustedKey;

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

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--registry", root.toString(), "--trusted-keys", trustedKey.toString()));
        return CommandRun.of(all.toArray(String[]::new));
    }

    private HistoryEntry lastChange() throws Exception {
        List<HistoryEntry> history = TestingBundles.registry(root).history();
        return history.get(history.size() - 1);
    }

    @Test
    void theRegistryRecordsWhoAndWhyOfAPromotionAndARollback() throws Exception {
        CommandRun promote =
                run("models", "promote", "m2", "--by", "alice", "--reason", "weekly retrain");
        assertThat(promote.exitCode()).as(promote.err()).isZero();
        assertThat(lastChange().detail()).isEqualTo("replaces m1; by alice: weekly retrain");

        CommandRun rollback = run("models", "rollback", "--by", "bob");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(lastChange().version()).isEqualTo("m1");
        assertThat(lastChange().detail()).isEqualTo("from m2; by bob");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--live without --config | --live | | --live needs --config FILE",
                "--config without --live | --config | cfg | --config needs --live",
                "a missing config file | --live --config | missing.yaml | --config",
                "a negative --effective-in | --live --effective-in=-5 --config | cfg |"
                        + " --effective-in must be 0 to 86400",
                "a reason with a tab | --reason | a\tb | --reason must be one line",
                "an empty --by | --by= | | --by must be 1 to 500 characters",
            })
    void badOptionsExitTwoWithOneLineAndChangeNothing(
            String what, String options, String value, String message) throws Exception {
        Path config = Files.writeString(tmp.resolve("cfg"), "slidr.kafka.bootstrap-servers: x:1\n");
        List<String> args = new ArrayList<>(List.of("models", "promote", "m2"));
        args.addAll(List.of(options.split(" ")));
        if (value != null) {
            args.add(value.equals("cfg") ? config.toString() : value);
        }
        CommandRun r = run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(what).isEqualTo(2);
        assertThat(r.err()).as(what).contains(message);
        assertThat(r.err().lines().filter(l -> l.contains("Exception"))).isEmpty();
        assertThat(TestingBundles.registry(root).stableVersion()).contains("m1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "shadow without --live | shadow m2 | models shadow needs --live --config FILE",
                "shadow with --config only | shadow m2 --config CFG |"
                        + " models shadow needs --live --config FILE",
                "shadow --live without --config | shadow m2 --live | --live needs --config FILE",
                "shadow without a version | shadow --live --config CFG | Missing required"
                        + " parameter: 'VERSION'",
                "shadow of a path | shadow ../../etc --live --config CFG | VERSION",
                "shadow with two versions | shadow m2 m1 --live --config CFG | Unmatched argument",
                "shadow with a missing config | shadow m2 --live --config missing.yaml |"
                        + " config file missing.yaml does not exist",
                "shadow with an unknown option | shadow m2 --live --config CFG --effective-in 5 |"
                        + " Unknown options: '--effective-in'",
                "shadow with a reason with a tab | shadow m2 --live --config CFG --reason a\tb |"
                        + " --reason must be one line",
                "shadow with an oversized --by | shadow m2 --live --config CFG --by LONG |"
                        + " --by must be 1 to 500 characters",
                "unshadow without --live | unshadow | models unshadow needs --live --config FILE",
                "unshadow --live without --config | unshadow --live | --live needs --config FILE",
                "unshadow with a version | unshadow m2 --live --config CFG | Unmatched argument",
                "unshadow with an empty --by | unshadow --live --config CFG --by= |"
                        + " --by must be 1 to 500 characters",
            })
    void badShadowOptionsExitTwoWithOneLineAndChangeNothing(
            String what, String command, String message) throws Exception {
        Path config = Files.writeString(tmp.resolve("cfg"), "slidr.kafka.bootstrap-servers: x:1\n");
        TestingBundles.registry(root).shadow("m1", null);
        List<HistoryEntry> before = TestingBundles.registry(root).history();
        List<String> args = new ArrayList<>(List.of("models"));
        for (String word : command.split(" ")) {
            args.add(
                    switch (word) {
                        case "CFG" -> config.toString();
                        case "LONG" -> "x".repeat(501);
                        default -> word.replace("\\t", "\t");
                    });
        }
        CommandRun r = run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(what + ": " + r.err()).isEqualTo(2);
        assertThat(r.err()).as(what).contains(message);
        assertThat(r.err().lines().filter(l -> l.contains("Exception"))).isEmpty();
        assertThat(r.err().lines().filter(l -> !l.isBlank()).findFirst()).isPresent();
        assertThat(TestingBundles.registry(root).history()).isEqualTo(before);
    }

    @Test
    void unshadowWithoutARecordedShadowExitsOneAndWritesNothing() throws Exception {
        Path config = Files.writeString(tmp.resolve("cfg"), "slidr.kafka.bootstrap-servers: x:1\n");
        CommandRun r = run("models", "unshadow", "--live", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("records no shadow model").doesNotContain("Exception");
    }

    @Test
    void shadowAndUnshadowLiveRecordWhoAndWhyAndWriteTheContractsCommands() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopic("live.control", 1);
            Path config =
                    Files.writeString(
                            tmp.resolve("slidr.yaml"),
                            "slidr.kafka.bootstrap-servers: "
                                    + kafka.bootstrapServers()
                                    + "\nslidr.kafka.topics.control: live.control\n");

            CommandRun shadow =
                    run(
                            "models",
                            "shadow",
                            "m2",
                            "--live",
                            "--config",
                            config.toString(),
                            "--by",
                            "alice",
                            "--reason",
                            "compare a day");
            assertThat(shadow.exitCode()).as(shadow.err()).isZero();
            assertThat(shadow.out())
                    .contains("shadow model is now m2 (stable: m1)")
                    .contains("live.control/0@0");
            assertThat(lastChange().action()).isEqualTo(RegistryState.Action.SHADOW);
            assertThat(lastChange().detail()).isEqualTo("beside m1; by alice: compare a day");

            CommandRun unshadow =
                    run("models", "unshadow", "--live", "--config", config.toString(), "--json");
            assertThat(unshadow.exitCode()).as(unshadow.err()).isZero();
            assertThat(unshadow.out()).contains("\"stopped\" : \"m2\"");
            assertThat(lastChange().action()).isEqualTo(RegistryState.Action.UNSHADOW);

            List<ConsumerRecord<byte[], byte[]>> records =
                    kafka.consume("live.control", 2, Duration.ofSeconds(30));
            assertThat(records)
                    .extracting(c -> ControlCodec.decode(c.value()).value())
                    .containsExactly(
                            new ControlCommand.Shadow("m2"), new ControlCommand.Unshadow());
            assertThat(TestingBundles.registry(root).stableVersion()).contains("m1");
        }
    }

    @Test
    void promoteAndRollbackLiveWriteTheContractsCommandsToTheControlTopic() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopic("live.control", 1);
            Path config =
                    Files.writeString(
                            tmp.resolve("slidr.yaml"),
                            "slidr.kafka.bootstrap-servers: "
                                    + kafka.bootstrapServers()
                                    + "\nslidr.kafka.topics.control: live.control\n");
            long before = System.currentTimeMillis();

            CommandRun promote =
                    run(
                            "models",
                            "promote",
                            "m2",
                            "--live",
                            "--config",
                            config.toString(),
                            "--effective-in",
                            "60",
                            "--reason",
                            "retrain");
            assertThat(promote.exitCode()).as(promote.err()).isZero();
            assertThat(promote.out())
                    .contains("stable model is now m2")
                    .contains("live.control/0@0");
            CommandRun rollback =
                    run("models", "rollback", "--live", "--config", config.toString());
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();

            List<ConsumerRecord<byte[], byte[]>> records =
                    kafka.consume("live.control", 2, Duration.ofSeconds(30));
            assertThat(records).hasSize(2);
            ControlCommand activate = ControlCodec.decode(records.get(0).value()).value();
            assertThat(activate).isInstanceOf(ControlCommand.Activate.class);
            ControlCommand.Activate a = (ControlCommand.Activate) activate;
            assertThat(a.version()).isEqualTo("m2");
            assertThat(a.effectiveTs())
                    .isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
            assertThat(ControlCodec.decode(records.get(1).value()).value())
                    .isEqualTo(new ControlCommand.Rollback("m1"));
            assertThat(records.get(1).timestamp()).isGreaterThanOrEqualTo(before);
            assertThat(TestingBundles.registry(root).stableVersion()).contains("m1");
        }
    }
}
