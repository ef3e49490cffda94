package dev.slidr.training.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Device;
import dev.slidr.rules.slice.Slices;
import dev.slidr.rules.slice.Slicing;
import dev.slidr.training.ClopperPearson;
import org.junit.jupiter.api.Test;

/** {@code --slicing}: the schemes' slice ids, and the scheme {@code auto} chooses for the data. */
class SlicingChoiceTest {

    private static final long K = 74;

    /** Calibration clicks and purchasing clicks by device × login cell. */
    private static final class Cells {
        final long[] clicks = new long[Slices.NAMES.size()];
        final long[] purchasing = new long[Slices.NAMES.size()];

        Cells with(Device device, boolean loggedIn, long clicks, long purchasing) {
            int cell = Slices.id(device, loggedIn);
            this.clicks[cell] = clicks;
            this.purchasing[cell] = purchasing;
            return this;
        }

        static Cells everyCell(long clicks, long purchasing) {
            Cells c = new Cells();
            for (Device d : Device.values()) {
                c.with(d, true, clicks, purchasing).with(d, false, clicks, purchasing);
            }
            return c;
        }

        SlicingChoice auto() {
            return SlicingChoice.auto(clicks, purchasing, K);
        }
    }

    @Test
    void theLeastPurchasingClicksAreThoseWhoseBoundAtNoFalsePositiveShowsTheCap() {
        long k = SlicingChoice.minPurchasingClicks(0.04, 0.95);
        assertThat(k).isEqualTo(74);
        assertThat(ClopperPearson.upper(0, k, 0.95)).isLessThanOrEqualTo(0.04);
        assertThat(ClopperPearson.upper(0, k - 1, 0.95)).isGreaterThan(0.04);
        // about 3 / cap at 95 %
        assertThat(SlicingChoice.minPurchasingClicks(0.01, 0.95)).isBetween(290L, 300L);
    }

    @Test
    void autoKeepsDeviceAndLoginWhenEveryPresentSliceIsRich() {
        SlicingChoice c = Cells.everyCell(5000, 300).auto();
        assertThat(c.slices().slicing()).isEqualTo(Slicing.DEVICE_AND_LOGIN);
        assertThat(c.asked()).isEqualTo(SliceScheme.AUTO);
        assertThat(c.reason())
                .startsWith("auto: device_and_login, every slice present has at least 74")
                .contains("(fewest: desktop/logged_in 300)");
    }

    @Test
    void autoTakesACoarserSchemeWhenOneSliceIsThin() {
        // desktop/anonymous has 40 purchasing clicks; desktop as a whole has 340
        SlicingChoice device =
                Cells.everyCell(5000, 300).with(Device.DESKTOP, false, 900, 40).auto();
        assertThat(device.slices().slicing()).isEqualTo(Slicing.DEVICE);
        assertThat(device.reason())
                .startsWith("auto: device (device_and_login has desktop/anonymous 40)");

        // every slice thin, and every device too; summed by login state they are rich
        Cells anonymousThin = Cells.everyCell(5000, 300);
        for (Device d : Device.values()) {
            anonymousThin.with(d, true, 5000, 20).with(d, false, 5000, 30);
        }
        SlicingChoice login = anonymousThin.auto();
        assertThat(login.slices().slicing()).isEqualTo(Slicing.LOGIN);
        assertThat(login.reason()).contains("device has desktop 50, mobile 50, app 50, other 50");
    }

    @Test
    void autoFallsBackToASingleSliceWhenEverythingIsThin() {
        SlicingChoice some = Cells.everyCell(100, 10).auto();
        assertThat(some.slices().slicing()).isEqualTo(Slicing.SINGLE);
        assertThat(some.reason()).startsWith("auto: single (").contains("(fewest: all 80)");

        SlicingChoice none = Cells.everyCell(100, 1).auto();
        assertThat(none.slices().slicing()).isEqualTo(Slicing.SINGLE);
        assertThat(none.reason())
                .startsWith("auto: single, the coarsest, though no scheme has 74")
                .contains("single has all 8");
    }

    @Test
    void absentSlicesCountAgainstNoScheme() {
        // a mobile-app log: no logins, and only app clicks rich in purchases
        Cells app = new Cells().with(Device.APP, false, 60_000, 400);
        assertThat(app.auto().slices().slicing()).isEqualTo(Slicing.DEVICE_AND_LOGIN);

        // with a few desktop clicks, one of them purchasing: device × login and device are thin,
        // login (logged_in absent, anonymous rich) fits
        app.with(Device.DESKTOP, false, 550, 1);
        SlicingChoice c = app.auto();
        assertThat(c.slices().slicing()).isEqualTo(Slicing.LOGIN);
        assertThat(c.reason())
                .contains("device_and_login has desktop/anonymous 1; device has desktop 1")
                .contains("(fewest: anonymous 401)");
    }

    @Test
    void aSchemesIdsMapEveryDeviceAndLoginCellToTheSliceHoldingIt() {
        SliceIndex device = SliceIndex.of(Slicing.DEVICE);
        assertThat(device.names()).containsExactly("desktop", "mobile", "app", "other");
        assertThat(device.ofCell(Slices.id(Device.APP, true)))
                .isEqualTo(device.id(Device.APP, false));
        assertThat(device.name(device.ofCell(Slices.id(Device.MOBILE, false)))).isEqualTo("mobile");
        SliceIndex login = SliceIndex.of(Slicing.LOGIN);
        assertThat(login.name(login.ofCell(Slices.id(Device.OTHER, true)))).isEqualTo("logged_in");
        SliceIndex single = SliceIndex.of(Slicing.SINGLE);
        for (int cell = 0; cell < Slices.NAMES.size(); cell++) {
            assertThat(single.ofCell(cell)).isZero();
            assertThat(SliceIndex.DEVICE_AND_LOGIN.ofCell(cell)).isEqualTo(cell);
        }
        assertThat(SliceIndex.DEVICE_AND_LOGIN.names()).isEqualTo(Slices.NAMES);
    }

    @Test
    void schemesAreReadCaseInsensitivelyAndAnythingElseIsRefusedInOneLine() {
        assertThat(SliceScheme.parse("Device")).isEqualTo(SliceScheme.DEVICE);
        assertThat(SliceScheme.parse(" AUTO ")).isEqualTo(SliceScheme.AUTO);
        assertThat(SliceScheme.parse("device_and_login").slicing())
                .isEqualTo(Slicing.DEVICE_AND_LOGIN);
        for (String bad : new String[] {"nope", "", "device login", "x".repeat(10_000), "a\nb"}) {
            assertThatThrownBy(() -> SliceScheme.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "slicing must be one of device_and_login, device, login, single,"
                                    + " auto, was '")
                    .satisfies(
                            e ->
                                    assertThat(e.getMessage())
                                            .doesNotContain("\n")
                                            .hasSizeLessThan(200));
        }
        assertThatThrownBy(() -> SliceScheme.parse(null)).hasMessageEndingWith("was ''");
    }
}
