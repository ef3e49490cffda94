package dev.slidr.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slidr.rules.givt.GivtOptions;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Fails when an option is added to an {@code *Options} class but not to the README's tables. */
class OptionsDocumentedTest {

    @Test
    void everyOptionKeyIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        List<ConfigOption<?>> options = new ArrayList<>();
        options.addAll(optionsOf(GivtOptions.class));
        options.addAll(optionsOf(PrivacyOptions.class));

        assertThat(options).hasSizeGreaterThan(10);
        for (ConfigOption<?> option : options) {
            assertThat(readme).as(option.key()).contains("| `" + option.key() + "` |");
        }
    }

    private static List<ConfigOption<?>> optionsOf(Class<?> holder) throws IllegalAccessException {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                options.add((ConfigOption<?>) field.get(null));
            }
        }
        return options;
    }
}
