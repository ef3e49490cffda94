package dev.slidr.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Fails when a Kafka option is missing from the README's "Kafka I/O" table. */
class KafkaOptionsDocumentedTest {

    @Test
    void everyKafkaOptionKeyIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int options = 0;
        for (Field field : KafkaOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                assertThat(readme).as(option.key()).contains("| `" + option.key() + "` |");
                options++;
            }
        }
        assertThat(options).isGreaterThan(10);
        assertThat(readme).contains("`" + KafkaOptions.CLIENT_PROPERTIES_PREFIX + "*`");
    }
}
