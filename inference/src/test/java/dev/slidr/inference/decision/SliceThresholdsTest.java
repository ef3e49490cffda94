package dev.slidr.inference.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-slice thresholds: coverage checked when built, defaults only when asked for. */
class SliceThresholdsTest {

    static Map<String, Double> all(double threshold) {
        Map<String, Double> map = new HashMap<>();
        for (Slice slice : Slicing.DEVICE_AND_LOGIN.slices()) {
            map.put(slice.name(), threshold);
        }
        return map;
    }

    @Test
    void looksUpEachSlicesThreshold() {
        Map<String, Double> map = all(0.9);
        map.put("mobile/anonymous", 0.75);
        SliceThresholds thresholds = SliceThresholds.of("c1", map, Slicing.DEVICE_AND_LOGIN);
        assertThat(thresholds.threshold(new Slice("mobile/anonymous"))).isEqualTo(0.75);
        assertThat(thresholds.threshold(new Slice("desktop/logged_in"))).isEqualTo(0.9);
        assertThat(thresholds.calibrationVersion()).isEqualTo("c1");
        assertThat(thresholds.defaultThreshold()).isEmpty();
    }

    @Test
    void refusesThresholdsThatMissASliceAndNamesIt() {
        Map<String, Double> map = all(0.9);
        map.remove("app/anonymous");
        assertThatThrownBy(() -> SliceThresholds.of("c1", map, Slicing.DEVICE_AND_LOGIN))
                .isInstanceOf(InvalidThresholdsException.class)
                .hasMessageContaining("no threshold for slices [app/anonymous]");
    }

    @Test
    void aDefaultThresholdFillsMissingSlicesWhenGivenExplicitly() {
        SliceThresholds thresholds =
                SliceThresholds.withDefault(
                        "c2", Map.of("desktop/logged_in", 0.8), Slicing.DEVICE_AND_LOGIN, 0.97);
        assertThat(thresholds.threshold(new Slice("desktop/logged_in"))).isEqualTo(0.8);
        assertThat(thresholds.threshold(new Slice("other/anonymous"))).isEqualTo(0.97);
    }

    @Test
    void refusesSlicesTheSchemeNeverProduces() {
        Map<String, Double> map = all(0.9);
        map.put("tablet/logged_in", 0.5);
        assertThatThrownBy(() -> SliceThresholds.of("c1", map, Slicing.DEVICE_AND_LOGIN))
                .isInstanceOf(InvalidThresholdsException.class)
                .hasMessageContaining("[tablet/logged_in]");
        assertThatThrownBy(
                        () ->
                                SliceThresholds.of(
                                        "c1", Map.of("desktop/logged_in", 0.5), Slicing.DEVICE))
                .hasMessageContaining("never produces");
    }

    @Test
    void refusesThresholdsOutsideTheUnitInterval() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            Map<String, Double> map = all(0.9);
            map.put("desktop/anonymous", bad);
            assertThatThrownBy(() -> SliceThresholds.of("c1", map, Slicing.DEVICE_AND_LOGIN))
                    .isInstanceOf(InvalidThresholdsException.class)
                    .hasMessageContaining("desktop/anonymous");
        }
        Map<String, Double> withNull = all(0.9);
        withNull.put("desktop/anonymous", null);
        assertThatThrownBy(() -> SliceThresholds.of("c1", withNull, Slicing.DEVICE_AND_LOGIN))
                .isInstanceOf(InvalidThresholdsException.class);
        assertThatThrownBy(() -> SliceThresholds.withDefault("c1", Map.of(), Slicing.LOGIN, 2.0))
                .hasMessageContaining("default threshold");
        assertThatThrownBy(() -> SliceThresholds.of(" ", all(0.5), Slicing.DEVICE_AND_LOGIN))
                .hasMessageContaining("calibration version");
    }

    @Test
    void acceptsTheNeverThresholdAndZero() {
        Map<String, Double> map = all(SliceThresholds.NEVER);
        map.put("app/logged_in", 0.0);
        SliceThresholds thresholds = SliceThresholds.of("c1", map, Slicing.DEVICE_AND_LOGIN);
        assertThat(thresholds.threshold(new Slice("desktop/logged_in"))).isGreaterThan(1.0);
    }

    @Test
    void survivesJavaSerializationForTheJobGraph() throws Exception {
        SliceThresholds thresholds =
                SliceThresholds.withDefault("c3", Map.of("logged_in", 0.6), Slicing.LOGIN, 0.9);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(thresholds);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(thresholds);
        }
    }
}
