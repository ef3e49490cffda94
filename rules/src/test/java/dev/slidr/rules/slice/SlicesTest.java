package dev.slidr.rules.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.contract.Device;
import org.junit.jupiter.api.Test;

/** Training's numbered slices are the decision policy's slices, in calibration.json's names. */
class SlicesTest {

    @Test
    void namesTheEightDeviceAndLoginSlicesInIdOrder() {
        assertThat(Slices.NAMES)
                .containsExactly(
                        "desktop/logged_in",
                        "desktop/anonymous",
                        "mobile/logged_in",
                        "mobile/anonymous",
                        "app/logged_in",
                        "app/anonymous",
                        "other/logged_in",
                        "other/anonymous");
    }

    @Test
    void anIdIsThePositionOfTheSliceOfItsScheme() {
        for (Device device : Device.values()) {
            for (boolean loggedIn : new boolean[] {true, false}) {
                int id = Slices.id(device, loggedIn);
                assertThat(id).isEqualTo(device.ordinal() * 2 + (loggedIn ? 0 : 1));
                assertThat(Slices.NAMES.get(id))
                        .isEqualTo(Slicing.DEVICE_AND_LOGIN.sliceOf(device, loggedIn).name())
                        .isEqualTo(Slices.name(device, loggedIn));
            }
        }
    }
}
