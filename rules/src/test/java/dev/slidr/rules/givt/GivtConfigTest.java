package dev.slidr.rules.givt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and validating the GIVT settings. */
class GivtConfigTest {

    @Test
    void defaultsLoadTheBundledSampleAndA24HourWindow() {
        GivtConfig config = GivtConfig.fromConfiguration(new Configuration());

        assertThat(config.robotsEnabled()).isTrue();
        assertThat(config.robotDeviceClasses()).contains("Robot", "Hacker");
        assertThat(config.robotAgentClasses()).contains("Robot");
        assertThat(config.dataCentreBlocks()).contains("35.184.0.0/13");
        assertThat(config.dedupeWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.dedupeStateTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.ttlCompactionQueryEntries()).isEqualTo(1000);
    }

    @Test
    void readsEveryOptionFromFlinkConfiguration(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("dc.txt");
        Files.writeString(list, "203.0.113.0/24\n");
        Configuration conf = new Configuration();
        conf.set(GivtOptions.ROBOTS_ENABLED, false);
        conf.setString(GivtOptions.ROBOT_DEVICE_CLASSES.key(), "Robot;Spy");
        conf.set(GivtOptions.ROBOT_AGENT_CLASSES, List.of("Hacker"));
        conf.set(GivtOptions.USER_AGENT_CACHE_SIZE, 5);
        conf.set(GivtOptions.DATA_CENTRE_RANGES, list.toString());
        conf.setString(GivtOptions.DEDUPE_WINDOW.key(), "2 h");
        conf.setString(GivtOptions.DEDUPE_STATE_TTL.key(), "3 h");
        conf.set(GivtOptions.DEDUPE_TTL_COMPACTION_QUERY_ENTRIES, 50L);

        GivtConfig config = GivtConfig.fromConfiguration(conf);

        assertThat(config.robotsEnabled()).isFalse();
        assertThat(config.robotDeviceClasses()).containsExactlyInAnyOrder("Robot", "Spy");
        assertThat(config.robotAgentClasses()).containsExactly("Hacker");
        assertThat(config.userAgentCacheSize()).isEqualTo(5);
        assertThat(config.dataCentreBlocks()).containsExactly("203.0.113.0/24");
        assertThat(config.dedupeWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(config.dedupeStateTtl()).isEqualTo(Duration.ofHours(3));
        assertThat(config.ttlCompactionQueryEntries()).isEqualTo(50);
    }

    @Test
    void turningTheDataCentreCheckOffLeavesNoRanges() {
        Configuration conf = new Configuration();
        conf.set(GivtOptions.DATA_CENTRE_ENABLED, false);
        conf.set(GivtOptions.DATA_CENTRE_RANGES, "/does/not/exist");

        assertThat(GivtConfig.fromConfiguration(conf).dataCentreBlocks()).isEmpty();
    }

    @Test
    void aBadListFailsTheBuildWithTheLineAtFault(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("dc.txt");
        Files.writeString(list, "203.0.113.0/24\n\n203.0.113.0/99\n");
        Configuration conf = new Configuration();
        conf.set(GivtOptions.DATA_CENTRE_RANGES, list.toString());

        assertThatThrownBy(() -> GivtConfig.fromConfiguration(conf))
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("dc.txt:3");
    }

    @Test
    void refusesAStateTtlShorterThanTheWindow() {
        assertThatThrownBy(
                        () ->
                                GivtConfig.builder()
                                        .dedupeWindow(Duration.ofHours(2))
                                        .dedupeStateTtl(Duration.ofHours(1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.givt.dedupe.state-ttl")
                .hasMessageContaining("duplicates let through");
    }

    @Test
    void collectsEveryProblemInOneMessage() {
        assertThatThrownBy(
                        () ->
                                GivtConfig.builder()
                                        .robotDeviceClasses(List.of(" "))
                                        .robotAgentClasses(List.of())
                                        .userAgentCacheSize(-1)
                                        .dedupeWindow(Duration.ZERO)
                                        .ttlCompactionQueryEntries(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slidr.givt.robots.device-classes")
                .hasMessageContaining("slidr.givt.robots.cache-size")
                .hasMessageContaining("slidr.givt.dedupe.window")
                .hasMessageContaining("slidr.givt.dedupe.ttl-compaction-query-entries");
    }

    @Test
    void aMissingResourceIsAClearError() {
        assertThatThrownBy(
                        () -> GivtConfig.builder().dataCentreRanges("classpath:nope.txt").build())
                .isInstanceOf(CidrListException.class)
                .hasMessageContaining("classpath:nope.txt");
    }

    @Test
    void survivesJavaSerializationAsFunctionsShipIt() throws Exception {
        GivtConfig config = GivtConfig.builder().build();

        GivtConfig copy =
                org.apache.flink.util.InstantiationUtil.clone(config, getClass().getClassLoader());

        assertThat(copy.dataCentreBlocks()).isEqualTo(config.dataCentreBlocks());
        assertThat(copy.dedupeWindow()).isEqualTo(config.dedupeWindow());
    }
}
