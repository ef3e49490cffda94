package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorConfigTest {

    @TempDir Path tmp;

    @Test
    void defaultsAreValidAndEveryOptionHasOne() {
        SimulatorConfig config = SimulatorConfig.defaults();
        for (ConfigOption<?> option : SimulatorOptions.ALL) {
            assertThat(config.get(option)).as(option.key()).isEqualTo(option.defaultValue());
            assertThat(new HtmlFormatter().format(option.description())).isNotBlank();
        }
        assertThat(SimulatorOptions.ALL.stream().map(ConfigOption::key)).doesNotHaveDuplicates();
    }

    @Test
    void readsAFlatJsonObjectAndKeepsDefaultsForTheRest() {
        SimulatorConfig config =
                SimulatorConfig.fromJson(
                        "{\"humans.users\": 1234, \"zone\": \"Europe/Berlin\","
                                + " \"crawler.clicks_per_minute\": 30,"
                                + " \"humans.weekday_weights\": [1,1,1,1,1,2,2]}");
        assertThat(config.get(SimulatorOptions.HUMAN_USERS)).isEqualTo(1234);
        assertThat(config.get(SimulatorOptions.ZONE)).isEqualTo("Europe/Berlin");
        assertThat(config.get(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE)).isEqualTo(30.0);
        assertThat(config.get(SimulatorOptions.HUMAN_WEEKDAY_WEIGHTS))
                .isEqualTo(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0));
        assertThat(config.get(SimulatorOptions.BOTNET_HOSTS))
                .isEqualTo(SimulatorOptions.BOTNET_HOSTS.defaultValue());
    }

    @Test
    void roundTripsThroughJson() {
        SimulatorConfig config =
                SimulatorConfig.builder().set(SimulatorOptions.FARM_COUNT, 7).build();
        assertThat(SimulatorConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @Test
    void rejectsUnknownKeysNamingThem() {
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.userz\": 5}"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown config key 'humans.userz'")
                .hasMessageContaining("humans.users");
    }

    @Test
    void rejectsWrongTypes() {
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.users\": \"many\"}"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'humans.users' must be an integer");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.users\": 1.5}"))
                .hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"zone\": 5}"))
                .hasMessageContaining("'zone' must be a string");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.device_mix\": [1, \"x\"]}"))
                .hasMessageContaining("must be an array of numbers");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.users\": 99999999999}"))
                .hasMessageContaining("must be an integer");
    }

    @Test
    void rejectsMalformedJsonAndNonObjects() {
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.users\": "))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("[1, 2]"))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> SimulatorConfig.fromJson(""))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(
                        () ->
                                SimulatorConfig.fromJson(
                                        "{\"botnet.hosts\": 1, \"botnet.hosts\": 2}"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Duplicate field 'botnet.hosts'");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"zone\": null}"))
                .hasMessageContaining("'zone' must be a string, was null");
    }

    @Test
    void rejectsOutOfRangeValuesNamingEveryProblem() {
        assertThatThrownBy(
                        () ->
                                SimulatorConfig.builder()
                                        .set(SimulatorOptions.HUMAN_USERS, -1)
                                        .set(SimulatorOptions.HUMAN_LOGGED_IN_SHARE, 1.5)
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'humans.users' must be in [0, 10000000]")
                .hasMessageContaining("'humans.logged_in_share' must be a number in [0.0, 1.0]");
        assertThatThrownBy(
                        () ->
                                SimulatorConfig.builder()
                                        .set(SimulatorOptions.PURCHASE_RATE, Double.NaN)
                                        .build())
                .hasMessageContaining("purchases.rate");
    }

    @Test
    void rejectsBadWeightsZonesAndCombinations() {
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.hourly_weights\": [1, 2]}"))
                .hasMessageContaining("must have exactly 24 weights, had 2");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.device_mix\": [0, 0, 0, 0]}"))
                .hasMessageContaining("must not all be zero");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"humans.device_mix\": [1, -1, 0, 0]}"))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"zone\": \"Mars/Olympus\"}"))
                .hasMessageContaining("'zone' is not a time zone id");
        assertThatThrownBy(
                        () ->
                                SimulatorConfig.fromJson(
                                        "{\"crawler.count\": 1, \"crawler.declared\": 2}"))
                .hasMessageContaining("'crawler.declared' must not exceed 'crawler.count'");
        assertThatThrownBy(() -> SimulatorConfig.builder().set(SimulatorOptions.ZONE, null).build())
                .hasMessageContaining("is null");
    }

    @Test
    void readsFilesAndNamesTheFileInErrors() throws IOException {
        Path good = Files.writeString(tmp.resolve("good.json"), "{\"botnet.hosts\": 10}");
        assertThat(SimulatorConfig.fromFile(good).get(SimulatorOptions.BOTNET_HOSTS)).isEqualTo(10);
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"botnet.hosts\": -3}");
        assertThatThrownBy(() -> SimulatorConfig.fromFile(bad))
                .hasMessageContaining("bad.json")
                .hasMessageContaining("'botnet.hosts'");
        assertThatThrownBy(() -> SimulatorConfig.fromFile(tmp.resolve("missing.json")))
                .hasMessageContaining("does not exist");
    }
}
