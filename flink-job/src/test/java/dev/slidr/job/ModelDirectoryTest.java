package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.rules.slice.Slice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir Path dir;

    @Test
    void loadsTheModelAndItsThresholds() throws Exception {
        TestingModels.writeModelDirectory(dir);

        DeployedModel model = ModelDirectory.load(dir);

        assertThat(model.modelVersion()).isEqualTo(TestingModels.MODEL_VERSION);
        assertThat(model.onnx()).isEqualTo(TestingModels.model().onnx());
        assertThat(model.referenceFeatures()).isEqualTo(TestingModels.model().referenceFeatures());
        assertThat(model.thresholds().threshold(new Slice("desktop/logged_in"))).isEqualTo(0.6);
        assertThat(model.thresholds().threshold(new Slice("mobile/anonymous")))
                .isEqualTo(TestingModels.THRESHOLD);
    }

    @Test
    void refusesADirectoryWithoutTheModel() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Files.delete(dir.resolve(ModelDirectory.MODEL_FILE));

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("model.onnx is missing");
    }

    @Test
    void refusesAMissingDirectory() {
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("nope")))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesThresholdsThatAreNotJson() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Files.writeString(dir.resolve(ModelDirectory.THRESHOLDS_FILE), "{\"model_version\": ");

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void refusesUncoveredSlicesWithoutADefault() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Path file = dir.resolve(ModelDirectory.THRESHOLDS_FILE);
        Files.writeString(
                file, Files.readString(file).replaceAll(",\"default_threshold\":[0-9.]+", ""));

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("thresholds.json");
    }

    @Test
    void refusesAReferenceRowOfTheWrongWidth() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Path file = dir.resolve(ModelDirectory.THRESHOLDS_FILE);
        Files.writeString(
                file,
                Files.readString(file)
                        .replaceAll(
                                "\"reference_features\":\\[[^]]*]",
                                "\"reference_features\":[1,2]"));

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("reference row has 2 features");
    }

    @Test
    void refusesAnUnknownFeatureVersion() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Path file = dir.resolve(ModelDirectory.THRESHOLDS_FILE);
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("\"feature_version\":\"v2\"", "\"feature_version\":\"v9\""));

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("feature_version 'v9'")
                .hasMessageContaining("unknown feature schema version");
    }

    @Test
    void refusesAModelOfAnEarlierFeatureVersionAskingForARetrain() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Path file = dir.resolve(ModelDirectory.THRESHOLDS_FILE);
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("\"feature_version\":\"v2\"", "\"feature_version\":\"v1\""));

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("feature_version 'v1'")
                .hasMessageContaining("not the one this build computes (v2)")
                .hasMessageContaining("retrain");
    }

    @Test
    void refusesAModelOnnxRuntimeCannotLoad() throws Exception {
        TestingModels.writeModelDirectory(dir);
        Files.writeString(dir.resolve(ModelDirectory.MODEL_FILE), "not a graph");

        assertThatThrownBy(() -> ModelDirectory.load(dir))
                .isInstanceOf(InvalidJobConfigException.class)
                .hasMessageContaining("model.onnx");
    }
}
