package dev.slidr.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.job.JobConfig;
import dev.slidr.job.JobConfigFile;
import dev.slidr.job.JobOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.kafka.Topics;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the soak and the upgrade rehearsal share: the class path list is checked, the job's
 * YAML file reads back as written whatever its values hold, and deploy/flink/config.yaml becomes
 * local settings.
 */
class ClusterRunSetupTest {

    @TempDir Path dir;

    @Test
    void refusesAMissingClasspathListAndSaysHowToBuildIt() {
        assertThatThrownBy(() -> ClusterRunSetup.readClasspath(dir.resolve("none")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no cluster class path list at")
                .hasMessageContaining("mvn -pl cluster-lib package");
    }

    @Test
    void refusesAClasspathListNamingAFileThatIsGone() throws Exception {
        Path present = Files.writeString(dir.resolve("a.jar"), "x");
        Path list =
                Files.writeString(
                        dir.resolve("cp"),
                        present + File.pathSeparator + dir.resolve("gone.jar") + "\n");
        assertThatThrownBy(() -> ClusterRunSetup.readClasspath(list))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gone.jar, which does not exist; rebuild cluster-lib");
    }

    @Test
    void readsAClasspathListWithoutItsLineEnd() throws Exception {
        Path present = Files.writeString(dir.resolve("a.jar"), "x");
        Path list = Files.writeString(dir.resolve("cp"), present + "\n");
        assertThat(ClusterRunSetup.readClasspath(list)).isEqualTo(present.toString());
    }

    @Test
    void refusesAMissingJobJarAndSaysHowToBuildIt() {
        assertThatThrownBy(() -> ClusterRunSetup.requireJobJar(dir.resolve("job.jar")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mvn -pl flink-job -am package");
    }

    @Test
    void writesJobSettingsThatReadBackUnchangedWhateverTheyHold() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(KafkaOptions.CLICKS_TOPIC.key(), "clicks: \"quoted\" # not a comment");
        settings.put(JobOptions.PARALLELISM.key(), "3");
        settings.put(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "line\nbreak\ttab \u00e9 {[&*!");
        Path yaml = dir.resolve("conf").resolve("slidr.yaml");

        ClusterRunSetup.writeJobConfig(yaml, settings, "the test's");

        assertThat(Files.readString(yaml))
                .startsWith("# the test's job settings, from deploy/flink/config.yaml\n");
        Map<String, String> read = JobConfigFile.load(yaml).toMap();
        settings.forEach((k, v) -> assertThat(read).containsEntry(k, v));
    }

    @Test
    void makesTheDeployedConfigurationLocal() throws Exception {
        Path config =
                Path.of(System.getProperty("basedir", ".")).resolve("../deploy/flink/config.yaml");
        ClusterRunSetup.Settings settings =
                ClusterRunSetup.localSettings(config, dir, "1280m", 9400);

        assertThat(settings.flink())
                .containsEntry("taskmanager.memory.process.size", "1280m")
                .containsEntry(
                        "execution.checkpointing.savepoint-dir",
                        dir.resolve("savepoints").toUri().toString())
                .containsEntry("metrics.reporter.prom.port", "9400-9450")
                .containsEntry(
                        JobConfig.CHANGELOG_BASE_PATH.key(),
                        dir.resolve("changelog").toUri().toString());
        assertThat(settings.flink().keySet()).noneMatch(k -> k.startsWith(JobConfigFile.PREFIX));
        assertThat(settings.job().keySet()).allMatch(k -> k.startsWith(JobConfigFile.PREFIX));
        assertThat(settings.job().keySet()).noneMatch(k -> k.startsWith("slidr.kafka.properties."));
        Topics.Names topics = ClusterRunSetup.topics(settings.job());
        assertThat(topics.clicks())
                .isEqualTo(settings.job().get(KafkaOptions.CLICKS_TOPIC.key()))
                .isNotBlank();

        ClusterRunSetup.localJob(
                settings.job(), "slidr-test", dir.resolve("checkpoints"), Duration.ofSeconds(2));

        assertThat(settings.job())
                .containsEntry(KafkaOptions.STARTING_OFFSETS.key(), "EARLIEST")
                .containsEntry(KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(), "slidr-test")
                .containsEntry(JobOptions.CHECKPOINT_INTERVAL.key(), "2000 ms")
                .doesNotContainKey(JobOptions.MODEL_DIR.key());
        assertThat(settings.job().get(PrivacyOptions.HMAC_SECRET.key())).hasSize(44);
    }
}
