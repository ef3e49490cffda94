package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Fails when a {@link JobOptions} key is missing from the README's table. */
class JobOptionsDocumentedTest {

    @Test
    void everyJobOptionKeyIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        List<ConfigOption<?>> options = JobConfigFile.optionsOf(JobOptions.class);

        assertThat(options).hasSizeGreaterThan(5);
        for (ConfigOption<?> option : options) {
            assertThat(readme).as(option.key()).contains("| `" + option.key() + "` |");
        }
    }
}
