package dev.slidr.registry.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFileTest {

    private static CalibrationResult sample() {
        return new CalibrationResult(
                "c-1",
                0.02,
                List.of(
                        new SliceCalibration(
                                "desktop|in",
                                0.83,
                                0.021,
                                new QuadraticFit(-9.5, 2.5, 0.1),
                                0.15,
                                0.149,
                                0.0199,
                                0.66,
                                0.3,
                                48000,
                                4000,
                                9000,
                                0.022),
                        new SliceCalibration(
                                "app|out",
                                SliceCalibration.NEVER,
                                0.0,
                                new QuadraticFit(0, 1.2, 0.0),
                                0.0,
                                0.0,
                                0.0,
                                Double.NaN,
                                0.0,
                                100,
                                10,
                                0,
                                0.0)),
                0.18,
                0.179,
                0.18,
                false,
                0.0199,
                new KktReport(1.6, 1e-12, 0, 0, 0, 1e-6));
    }

    @Test
    void roundTripsEveryField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calibration.json");
        CalibrationFile.write(sample(), file);
        CalibrationResult back = CalibrationFile.read(file);
        // record equality compares doubles bit-wise, so NaN coverage must come back as NaN
        assertThat(back).isEqualTo(sample());
        assertThat(back.slice("app|out").coverage()).isNaN();
        assertThat(back.kkt().satisfied()).isTrue();
    }

    @Test
    void writesSnakeCaseWithNullForUndefinedCoverage() {
        String json = CalibrationFile.toJson(sample());
        assertThat(json)
                .contains("\"format_version\" : 1")
                .contains("\"calibration_version\" : \"c-1\"")
                .contains("\"chosen_fpr\"")
                .contains("\"coverage\" : null")
                .doesNotContain("NaN");
    }

    @Test
    void ignoresUnknownFieldsButRejectsMissingOnes() {
        String json = CalibrationFile.toJson(sample());
        String extra = json.replaceFirst("\\{", "{\"written_by\": \"later\",");
        assertThat(CalibrationFile.fromJson(extra).version()).isEqualTo("c-1");
        String noThreshold = json.replaceFirst("\"threshold\" : [0-9.]+,", "");
        assertThatThrownBy(() -> CalibrationFile.fromJson(noThreshold))
                .isInstanceOf(CalibrationFile.InvalidCalibrationFileException.class)
                .hasMessageContaining("threshold");
    }

    @Test
    void namesItsSlicingAndReadsAFileWithoutOneAsDeviceAndLogin() {
        String json = CalibrationFile.toJson(sample().withSlicing("device"));
        assertThat(json).contains("\"slicing\" : \"device\"");
        assertThat(CalibrationFile.fromJson(json).slicing()).isEqualTo("device");
        String before =
                CalibrationFile.toJson(sample()).replace("\"slicing\" : \"device_and_login\",", "");
        assertThat(before).doesNotContain("slicing");
        assertThat(CalibrationFile.fromJson(before).slicing())
                .isEqualTo(CalibrationResult.DEFAULT_SLICING);
    }

    @Test
    void rejectsASlicingThatIsNotASchemeNameWithoutEchoingIt() {
        String json = CalibrationFile.toJson(sample());
        for (String bad : List.of("", "device and login", "x".repeat(33), "\\u001b[2J", "../x")) {
            String doc = json.replace("\"device_and_login\"", "\"" + bad + "\"");
            assertThatThrownBy(() -> CalibrationFile.fromJson(doc))
                    .as(bad)
                    .isInstanceOf(CalibrationFile.InvalidCalibrationFileException.class)
                    .hasMessageContaining("not a scheme name");
        }
        String number = json.replace("\"device_and_login\"", "7");
        assertThatThrownBy(() -> CalibrationFile.fromJson(number))
                .isInstanceOf(CalibrationFile.InvalidCalibrationFileException.class);
    }

    @Test
    void rejectsUnusableDocuments() {
        String json = CalibrationFile.toJson(sample());
        assertThatThrownBy(
                        () ->
                                CalibrationFile.fromJson(
                                        json.replace(
                                                "\"format_version\" : 1",
                                                "\"format_version\" : 2")))
                .hasMessageContaining("format version 2");
        assertThatThrownBy(() -> CalibrationFile.fromJson(json.replace("app|out", "desktop|in")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> CalibrationFile.fromJson(json.replace("0.83", "7.5")))
                .hasMessageContaining("threshold 7.5");
        assertThatThrownBy(() -> CalibrationFile.fromJson(json.replace("-9.5", "9.5")))
                .hasMessageContaining("concave");
        assertThatThrownBy(() -> CalibrationFile.fromJson("{\"format_version\": "))
                .isInstanceOf(CalibrationFile.InvalidCalibrationFileException.class);
        assertThatThrownBy(() -> CalibrationFile.fromJson("[1, 2]"))
                .isInstanceOf(CalibrationFile.InvalidCalibrationFileException.class);
    }
}
