package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.kafka.KafkaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigFileTest {

    @TempDir Path dir;

    @Test
    void readsFlatAndNestedYaml() throws Exception {
        Path file = dir.resolve("slidr.yaml");
        Files.writeString(
                file,
                """
                slidr.kafka.bootstrap-servers: broker:9092
                slidr:
                  job:
                    parallelism: 3
                  givt:
                    robots:
                      agent-classes: [Robot, Hacker]
                state.checkpoints.num-retained: 2
                """);

        Configuration conf = JobConfigFile.load(file);

        assertThat(conf.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
        assertThat(conf.get(JobOptions.PARALLELISM)).isEqualTo(3);
        assertThat(conf.getString("slidr.givt.robots.agent-classes", null))
                .isEqualTo("Robot;Hacker");
        assertThat(conf.getString("state.checkpoints.num-retained", null)).isEqualTo("2");
    }

    @Test
    void readsProperties() throws Exception {
        Path file = dir.resolve("slidr.properties");
        Files.writeString(file, "slidr.job.checkpoint.interval = 5 s\nslidr.job.parallelism=2\n");

        Configuration conf = JobConfigFile.load(file);

        assertThat(JobConfig.fromConfiguration(conf).checkpointInterval()).hasSeconds(5);
        assertThat(conf.get(JobOptions.PARALLELISM)).isEqualTo(2);
    }

    @Test
    void passesKafkaClientPropertiesThroughToKafkaConfig() throws Exception {
        Path file = dir.resolve("slidr.yaml");
        Files.writeString(
                file,
                "slidr.kafka:\n"
                        + "  bootstrap-servers: broker:9093\n"
                        + "  properties:\n"
                        + "    security.protocol: SASL_SSL\n"
                        + "    sasl.mechanism: SCRAM-SHA-512\n");

        Configuration conf = JobConfigFile.load(file);

        assertThat(
                        KafkaConfig.fromConfiguration(
                                        JobConfig.fromConfiguration(conf).applyTo(conf))
                                .consumerProperties()
                                .getProperty("security.protocol"))
                .isEqualTo("SASL_SSL");
    }

    @Test
    void refusesAMisspeltSlidrKey() throws Exception {
        Path file = dir.resolve("slidr.properties");
        Files.writeString(file, "slidr.job.paralelism=2\n");

        assertThatThrownBy(() -> JobConfigFile.load(file))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("unknown setting(s) [slidr.job.paralelism]");
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> JobConfigFile.load(dir.resolve("absent.yaml")))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesADirectorySayingItIsOne() throws Exception {
        Path config = Files.createDirectories(dir.resolve("conf.yaml"));

        assertThatThrownBy(() -> JobConfigFile.load(config))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("is a directory, not a file");
    }

    @Test
    void refusesBrokenYamlInOneLine() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "slidr:\n  job: [unclosed\n");

        assertThatThrownBy(() -> JobConfigFile.load(file))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("broken.yaml is not valid YAML")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesYamlThatIsNotAMappingOfSettings() throws Exception {
        Path file = dir.resolve("list.yaml");
        Files.writeString(file, "- slidr.job.parallelism\n- 2\n");

        assertThatThrownBy(() -> JobConfigFile.load(file))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("is not a YAML mapping of settings");
    }

    @Test
    void knowsTheKeysOfEveryStage() {
        assertThat(JobConfigFile.knownKeys())
                .contains(
                        JobOptions.MODEL_DIR.key(),
                        KafkaOptions.BOOTSTRAP_SERVERS.key(),
                        "slidr.givt.dedupe.window",
                        "slidr.privacy.hmac.key-id",
                        "slidr.features.state-ttl",
                        "slidr.scoring.batch.max-size");
    }
}
