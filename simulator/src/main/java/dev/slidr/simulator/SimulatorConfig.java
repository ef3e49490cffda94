package dev.slidr.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable set of simulator settings: every {@link SimulatorOptions} option with its value.
 *
 * <pre>{@code
 * SimulatorConfig config = SimulatorConfig.builder()
 *         .set(SimulatorOptions.HUMAN_USERS, 10_000)
 *         .set(SimulatorOptions.CRAWLER_COUNT, 4)
 *         .build();
 * }</pre>
 *
 * <p>A JSON file holds one flat object of option keys to values ({@code {"humans.users": 10000}});
 * keys it leaves out keep their defaults.
 */
public final class SimulatorConfig {

    // a key given twice is a mistake in the file, not "the last one wins"
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Map<String, SimulatorOption<?>> BY_KEY = new LinkedHashMap<>();

    static {
        for (SimulatorOption<?> option : SimulatorOptions.ALL) {
            BY_KEY.put(option.key(), option);
        }
    }

    private final Map<SimulatorOption<?>, Object> values;

    private SimulatorConfig(Map<SimulatorOption<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The configuration with every option at its default. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of an option (its default unless set). */
    @SuppressWarnings("unchecked")
    public <T> T get(SimulatorOption<T> option) {
        Object value = values.get(option);
        return value == null ? option.defaultValue() : (T) value;
    }

    /** Every option key with its value, in documentation order. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SimulatorOption<?> option : SimulatorOptions.ALL) {
            out.put(option.key(), get(option));
        }
        return out;
    }

    /** This configuration as a JSON object that {@link #fromJson(String)} reads back. */
    public String toJson() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(asMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config values are plain JSON types", e);
        }
    }

    /** Reads a config file: one JSON object of option keys; others keep their defaults. */
    public static SimulatorConfig fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidConfigException(
                    "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(text);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a config JSON object; unknown keys and wrong types are errors. */
    public static SimulatorConfig fromJson(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(
                    "config is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException(
                    "config must be a JSON object of option keys to values");
        }
        Builder builder = builder();
        Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) root).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            SimulatorOption<?> option = BY_KEY.get(field.getKey());
            if (option == null) {
                throw new InvalidConfigException(
                        "unknown config key '"
                                + field.getKey()
                                + "'; known keys: "
                                + String.join(", ", BY_KEY.keySet()));
            }
            builder.setParsed(option, parse(option, field.getValue()));
        }
        return builder.build();
    }

    private static Object parse(SimulatorOption<?> option, JsonNode node) {
        switch (option.type()) {
            case INT:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw wrongType(option, "an integer", node);
                }
                return node.intValue();
            case DOUBLE:
                if (!node.isNumber()) {
                    throw wrongType(option, "a number", node);
                }
                return node.doubleValue();
            case STRING:
                if (!node.isTextual()) {
                    throw wrongType(option, "a string", node);
                }
                return node.textValue();
            case DOUBLE_LIST:
                if (!node.isArray()) {
                    throw wrongType(option, "an array of numbers", node);
                }
                List<Double> list = new ArrayList<>();
                for (JsonNode element : node) {
                    if (!element.isNumber()) {
                        throw wrongType(option, "an array of numbers", node);
                    }
                    list.add(element.doubleValue());
                }
                return List.copyOf(list);
            default:
                throw new IllegalStateException("unhandled option type " + option.type());
        }
    }

    private static InvalidConfigException wrongType(
            SimulatorOption<?> option, String expected, JsonNode node) {
        return new InvalidConfigException(
                "config key '"
                        + option.key()
                        + "' must be "
                        + expected
                        + ", was "
                        + (node.isNull()
                                ? "null"
                                : node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulatorConfig && asMap().equals(((SimulatorConfig) o).asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "SimulatorConfig" + new TreeMap<>(asMap());
    }

    /** Collects option values; {@link #build()} checks each one and their combinations. */
    public static final class Builder {
        private final Map<SimulatorOption<?>, Object> values = new LinkedHashMap<>();

        private Builder() {}

        public <T> Builder set(SimulatorOption<T> option, T value) {
            if (value == null) {
                throw new InvalidConfigException("config key '" + option.key() + "' is null");
            }
            values.put(option, value);
            return this;
        }

        private Builder setParsed(SimulatorOption<?> option, Object value) {
            values.put(option, value);
            return this;
        }

        /** Builds the config, or throws {@link InvalidConfigException} naming every problem. */
        public SimulatorConfig build() {
            List<String> problems = new ArrayList<>();
            SimulatorConfig config = new SimulatorConfig(values);
            for (SimulatorOption<?> option : SimulatorOptions.ALL) {
                String problem = check(option, config);
                if (problem != null) {
                    problems.add("'" + option.key() + "' " + problem);
                }
            }
            if (config.get(SimulatorOptions.CRAWLER_DECLARED)
                    > config.get(SimulatorOptions.CRAWLER_COUNT)) {
                problems.add(
                        "'crawler.declared' must not exceed 'crawler.count' ("
                                + config.get(SimulatorOptions.CRAWLER_DECLARED)
                                + " > "
                                + config.get(SimulatorOptions.CRAWLER_COUNT)
                                + ")");
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(
                        "invalid simulator config: " + String.join("; ", problems));
            }
            return config;
        }

        private static <T> String check(SimulatorOption<T> option, SimulatorConfig config) {
            return option.problemWith(config.get(option));
        }
    }
}
