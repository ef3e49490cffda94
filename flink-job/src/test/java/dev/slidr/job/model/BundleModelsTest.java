package dev.slidr.job.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.contract.Device;
import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.registry.BundleWriter;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job slices clicks by the scheme the bundle's calibration names, and by no other. */
class BundleModelsTest {

    @TempDir Path tmp;

    private DeployedModel deployed(BundleWriter writer) throws Exception {
        ModelRegistry registry = TestingBundles.registry(tmp.resolve("registry"));
        registry.register(writer);
        return BundleModels.deployed(registry.load(writer.modelVersion()));
    }

    @Test
    void slicesByTheSchemeTheCalibrationNames() throws Exception {
        DeployedModel model =
                deployed(
                        TestingBundles.bundle("m1", slice -> 0.5)
                                .calibration(
                                        TestingBundles.calibration(
                                                        "m1",
                                                        Slicing.DEVICE,
                                                        slice ->
                                                                slice.name().equals("app")
                                                                        ? 0.9
                                                                        : 0.4)
                                                .getBytes(StandardCharsets.UTF_8)));

        assertThat(model.thresholds().slicing()).isEqualTo(Slicing.DEVICE);
        assertThat(model.thresholds().threshold(new Slice("app"))).isEqualTo(0.9);
        assertThat(model.thresholds().threshold(Slicing.DEVICE.sliceOf(Device.DESKTOP, true)))
                .isEqualTo(0.4);
    }

    @Test
    void readsACalibrationWrittenBeforeItNamedItsSlicingAsDeviceAndLogin() throws Exception {
        DeployedModel model = deployed(TestingBundles.bundle("m1", slice -> 0.5));
        assertThat(model.thresholds().slicing()).isEqualTo(Slicing.DEVICE_AND_LOGIN);
    }

    @Test
    void refusesASlicingTheJobDoesNotKnowOrThatTheSlicesDoNotMatch() throws Exception {
        String unknown =
                TestingBundles.calibration("m1", Slicing.DEVICE, slice -> 0.5)
                        .replace("\"slicing\": \"device\"", "\"slicing\": \"postcode\"");
        assertThatThrownBy(
                        () ->
                                deployed(
                                        TestingBundles.bundle("m1", slice -> 0.5)
                                                .calibration(
                                                        unknown.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibration.json")
                .hasMessageContaining("unknown slicing 'postcode'");

        // device x login slices under a name that says device only: the thresholds do not cover it
        String mismatched =
                TestingBundles.calibration("m2", Slicing.DEVICE_AND_LOGIN, slice -> 0.5)
                        .replace("\"slicing\": \"device_and_login\"", "\"slicing\": \"device\"");
        assertThatThrownBy(
                        () ->
                                deployed(
                                        TestingBundles.bundle("m2", slice -> 0.5)
                                                .calibration(
                                                        mismatched.getBytes(
                                                                StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibration.json");
    }
}
