package dev.slidr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in step with the code: it lists every options class the class
 * path holds, each with every option as the code defines it.
 */
class ConfigurationDocsTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void findsTheOptionsClassesOfEveryModule() {
        List<String> found =
                ConfigurationDocs.optionsClasses().stream().map(Class::getSimpleName).toList();
        assertThat(found)
                .contains(
                        "FeatureStateOptions",
                        "ScoringOptions",
                        "JobOptions",
                        "KafkaOptions",
                        "GivtOptions",
                        "PrivacyOptions",
                        "SimulatorOptions",
                        "MonitorOptions",
                        "GuardOptions");
    }

    @Test
    void configurationReferenceIsUpToDate() throws IOException {
        String generated = ConfigurationDocs.render(ConfigurationDocs.optionsClasses());
        if (Boolean.getBoolean("slidr.docs.regenerate")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC))
                .as(
                        "docs/configuration.md is missing; create it with: %s",
                        ConfigurationDocs.REGENERATE)
                .isTrue();
        assertThat(Files.readString(DOC))
                .as(
                        "docs/configuration.md is stale (an option was added, changed or moved);"
                                + " regenerate it with: %s",
                        ConfigurationDocs.REGENERATE)
                .isEqualTo(generated);
    }
}
