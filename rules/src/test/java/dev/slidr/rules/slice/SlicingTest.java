package dev.slidr.rules.slice;

import static dev.slidr.contract.testing.Clicks.T0;
import static dev.slidr.contract.testing.Clicks.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Device;
import org.junit.jupiter.api.Test;

/** Slice names per slicing scheme, as calibration.json names them. */
class SlicingTest {

    @Test
    void namesDeviceAndLoginSlicesAsCalibrationDoes() {
        assertThat(Slicing.DEVICE_AND_LOGIN.sliceOf(builder("u", "10.0.0.1", T0).build()).name())
                .isEqualTo("desktop/logged_in");
        assertThat(
                        Slicing.DEVICE_AND_LOGIN
                                .sliceOf(
                                        builder("u", "10.0.0.1", T0)
                                                .anonymous()
                                                .device(Device.MOBILE)
                                                .build())
                                .name())
                .isEqualTo("mobile/anonymous");
        assertThat(Slicing.DEVICE_AND_LOGIN.slices()).hasSize(8);
    }

    @Test
    void coarserSchemesMergeSlices() {
        assertThat(Slicing.DEVICE.slices())
                .extracting(Slice::name)
                .containsExactly("desktop", "mobile", "app", "other");
        assertThat(Slicing.LOGIN.slices())
                .extracting(Slice::name)
                .containsExactly("logged_in", "anonymous");
        assertThat(Slicing.SINGLE.slices()).extracting(Slice::name).containsExactly("all");
        assertThat(Slicing.SINGLE.sliceOf(Device.APP, false).name()).isEqualTo("all");
    }

    @Test
    void everySchemeNamesEveryDeviceAndLogin() {
        for (Device device : Device.values()) {
            for (boolean loggedIn : new boolean[] {true, false}) {
                String login = loggedIn ? "logged_in" : "anonymous";
                String wire = device.name().toLowerCase(java.util.Locale.ROOT);
                assertThat(Slicing.DEVICE_AND_LOGIN.sliceOf(device, loggedIn))
                        .isEqualTo(new Slice(wire + "/" + login));
                assertThat(Slicing.DEVICE.sliceOf(device, loggedIn)).isEqualTo(new Slice(wire));
                assertThat(Slicing.LOGIN.sliceOf(device, loggedIn)).isEqualTo(new Slice(login));
                assertThat(Slicing.SINGLE.sliceOf(device, loggedIn)).isEqualTo(new Slice("all"));
            }
        }
    }

    @Test
    void parsesSchemeNamesAndRefusesUnknownOnes() {
        assertThat(Slicing.fromName(" device_and_login ")).isEqualTo(Slicing.DEVICE_AND_LOGIN);
        assertThatThrownBy(() -> Slicing.fromName("by_country"))
                .hasMessageContaining("unknown slicing 'by_country'")
                .hasMessageContaining("device_and_login");
        assertThatThrownBy(() -> new Slice(" ")).hasMessageContaining("blank");
    }
}
