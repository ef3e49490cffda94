package dev.slidr.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void eachDeviceReadsBackFromItsWireName() {
        for (Device device : Device.values()) {
            assertThat(device.wireName())
                    .isEqualTo(device.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(Device.fromWireName(device.wireName())).contains(device);
        }
    }

    @Test
    void wireNamesAreReadWhateverTheirCaseAndSurroundingSpace() {
        assertThat(Device.fromWireName("Mobile")).contains(Device.MOBILE);
        assertThat(Device.fromWireName(" app\t")).contains(Device.APP);
        assertThat(Device.fromWireName("DESKTOP")).contains(Device.DESKTOP);
    }

    @Test
    void anythingElseIsNoDevice() {
        assertThat(Device.fromWireName(null)).isEmpty();
        assertThat(Device.fromWireName("")).isEmpty();
        assertThat(Device.fromWireName("tablet")).isEmpty();
        assertThat(Device.fromWireName("mobile/logged_in")).isEmpty();
        assertThat(Device.fromWireName("mobil")).isEmpty();
    }
}
