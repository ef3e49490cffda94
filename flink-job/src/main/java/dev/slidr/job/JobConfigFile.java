package dev.slidr.job;

import dev.slidr.feature.flink.FeatureStateOptions;
import dev.slidr.inference.flink.ScoringOptions;
import dev.slidr.job.guard.GuardOptions;
import dev.slidr.job.kafka.KafkaOptions;
import dev.slidr.job.monitor.MonitorOptions;
import dev.slidr.rules.givt.GivtOptions;
import dev.slidr.rules.privacy.PrivacyOptions;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.YamlParserUtils;

/**
 * Reads the job's configuration file: YAML ({@code .yaml}, {@code .yml}; nested keys are joined
 * with dots, as in Flink's own {@code config.yaml}) or Java properties (any other name). Keys
 * outside {@code slidr.} pass through to Flink; a {@code slidr.} key that no {@code *Options} class
 * defines is refused, so that a misspelt setting fails at start instead of being ignored. Kafka
 * client properties ({@code slidr.kafka.properties.*}) pass through to {@code KafkaConfig}, which
 * refuses those the job owns.
 */
public final class JobConfigFile {

    /** The prefix of slidr's own settings. */
    public static final String PREFIX = "slidr.";

    private JobConfigFile() {}

    /**
     * Loads {@code file}.
     *
     * @throws InvalidJobConfigException when it is missing, unreadable, not parsable, or holds an
     *     unknown {@code slidr.} key
     */
    public static Configuration load(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidJobConfigException(
                    "config file " + file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new InvalidJobConfigException("config file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidJobConfigException("config file " + file + " is not a readable file");
        }
        Map<String, String> flat = new TreeMap<>();
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                // convertToObject, unlike loadYamlFile, does not log the parser's stack trace
                // before throwing: a syntax error is reported once, in one line, below
                Object yaml =
                        YamlParserUtils.convertToObject(
                                Files.readString(file, StandardCharsets.UTF_8), Object.class);
                if (yaml instanceof Map<?, ?> map) {
                    flatten("", map, flat);
                } else if (yaml != null) {
                    throw new InvalidJobConfigException(
                            "config file " + file + " is not a YAML mapping of settings");
                }
            } else {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.forEach((k, v) -> flat.put(k.toString(), v.toString().strip()));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidJobConfigException("config file " + file + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidJobConfigException(
                    "cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (InvalidJobConfigException e) {
            throw e;
        } catch (Exception e) {
            // YamlParserUtils reports syntax errors as plain exceptions, over several lines
            throw new InvalidJobConfigException(
                    "config file "
                            + file
                            + " is not valid YAML: "
                            + firstLine(String.valueOf(e.getMessage())),
                    e);
        }
        Set<String> known = knownKeys();
        List<String> unknown =
                flat.keySet().stream()
                        .filter(k -> k.startsWith(PREFIX) && !known.contains(k))
                        // Kafka client properties pass through (KafkaConfig checks them)
                        .filter(k -> !k.startsWith(KafkaOptions.CLIENT_PROPERTIES_PREFIX))
                        .collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new InvalidJobConfigException(
                    "config file " + file + ": unknown setting(s) " + unknown);
        }
        return Configuration.fromMap(flat);
    }

    /** Every {@code slidr.} key the job reads. */
    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> holder :
                List.of(
                        JobOptions.class,
                        KafkaOptions.class,
                        GivtOptions.class,
                        PrivacyOptions.class,
                        FeatureStateOptions.class,
                        ScoringOptions.class,
                        MonitorOptions.class,
                        GuardOptions.class)) {
            for (ConfigOption<?> option : optionsOf(holder)) {
                keys.add(option.key());
            }
        }
        return keys;
    }

    /** The {@code ConfigOption} constants of {@code holder}. */
    static List<ConfigOption<?>> optionsOf(Class<?> holder) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : holder.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            } else if (value instanceof Collection<?> list) {
                // Flink's list syntax
                out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(";")));
            } else if (value != null) {
                out.put(key, String.valueOf(value));
            }
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
