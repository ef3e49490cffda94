package dev.slidr.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The options the mobile-app profile needs, and the profile lookup: bad values fail clearly. */
class ProfileOptionsTest {

    private static final List<ConfigOption<Double>> SHARES =
            List.of(
                    SimulatorOptions.GATEWAY_OFFICE_SHARE,
                    SimulatorOptions.GATEWAY_CARRIER_APP_SHARE,
                    SimulatorOptions.BOTNET_ROTATING_SHARE,
                    SimulatorOptions.FARM_LOGGED_IN_SHARE,
                    SimulatorOptions.ROBOT_APP_SHARE);

    @Test
    void missingKeysKeepTheDefaults() {
        SimulatorConfig config = SimulatorConfig.fromJson("{}");
        assertThat(config.get(SimulatorOptions.GATEWAY_OFFICE_SHARE)).isEqualTo(0.5);
        assertThat(config.get(SimulatorOptions.GATEWAY_CARRIER_APP_SHARE)).isEqualTo(0.3);
        // a fifth of the botnet rotates its IP on every click (issue 14: rotation must not help)
        assertThat(config.get(SimulatorOptions.BOTNET_ROTATING_SHARE)).isEqualTo(0.2);
        assertThat(config.get(SimulatorOptions.FARM_LOGGED_IN_SHARE)).isEqualTo(1.0);
        assertThat(config.get(SimulatorOptions.ROBOT_APP_SHARE)).isEqualTo(0.0);
    }

    @Test
    void readsEachShareFromJson() {
        for (ConfigOption<Double> option : SHARES) {
            SimulatorConfig config = SimulatorConfig.fromJson("{\"" + option.key() + "\": 0.25}");
            assertThat(config.get(option)).as(option.key()).isEqualTo(0.25);
        }
    }

    @Test
    void rejectsSharesOutsideZeroToOne() {
        for (ConfigOption<Double> option : SHARES) {
            for (String value : List.of("-0.01", "1.5", "1e308")) {
                assertThatThrownBy(
                                () ->
                                        SimulatorConfig.fromJson(
                                                "{\"" + option.key() + "\": " + value + "}"))
                        .as(option.key() + " = " + value)
                        .isInstanceOf(InvalidConfigException.class)
                        .hasMessageContaining(
                                "'" + option.key() + "' must be a number in [0.0, 1.0]");
            }
        }
    }

    @Test
    void rejectsSharesOfTheWrongType() {
        for (ConfigOption<Double> option : SHARES) {
            for (String value : List.of("\"0.5\"", "null", "[0.5]", "true")) {
                assertThatThrownBy(
                                () ->
                                        SimulatorConfig.fromJson(
                                                "{\"" + option.key() + "\": " + value + "}"))
                        .as(option.key() + " = " + value)
                        .isInstanceOf(InvalidConfigException.class)
                        .hasMessageContaining("'" + option.key() + "' must be a number");
            }
        }
    }

    @Test
    void everyShippedProfileIsAValidConfig() {
        assertThat(SimulatorProfiles.names()).contains(SimulatorProfiles.MOBILE_APP);
        for (String name : SimulatorProfiles.names()) {
            SimulatorConfig config = SimulatorProfiles.load(name);
            assertThat(config).isNotEqualTo(SimulatorConfig.defaults());
        }
    }

    @Test
    void rejectsAnUnknownProfileNamingTheKnownOnes() {
        for (String name : List.of("mobile", "", "../../../etc/passwd", "MOBILE-APP")) {
            assertThatThrownBy(() -> SimulatorProfiles.load(name))
                    .as(name)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("unknown profile '" + name + "'; known profiles: mobile-app");
        }
    }

    @Test
    void appUserAgentsAreSdkOrWebviewAndNothingElse() {
        assertThat(SimulatorConfig.fromJson("{}").get(SimulatorOptions.APP_USER_AGENTS))
                .isEqualTo("sdk");
        assertThat(
                        SimulatorConfig.fromJson("{\"app.user_agents\": \"webview\"}")
                                .get(SimulatorOptions.APP_USER_AGENTS))
                .isEqualTo("webview");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"app.user_agents\": \"WebView\"}"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "'app.user_agents' must be 'sdk' or 'webview', was 'WebView'");
        assertThatThrownBy(() -> SimulatorConfig.fromJson("{\"app.user_agents\": 1}"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'app.user_agents' must be a string");
        String hostile = "x\\n\\u0000" + "y".repeat(10_000);
        assertThatThrownBy(
                        () ->
                                SimulatorConfig.fromJson(
                                        "{\"app.user_agents\": \"" + hostile + "\"}"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(200));
    }
}
