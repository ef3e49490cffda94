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
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;

/**
 * The immutable set of simulator settings: every {@link SimulatorOptions} option with its value,
 * checked against the option's range when built.
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
    private static final Map<String, ConfigOption<?>> BY_KEY = new LinkedHashMap<>();
    // the range each option's value must lie in: the reason a value is wrong, or null
    private static final Map<ConfigOption<?>, Function<Object, String>> CHECKS = new HashMap<>();

    static {
        for (ConfigOption<?> option : SimulatorOptions.ALL) {
            BY_KEY.put(option.key(), option);
        }
        rule(SimulatorOptions.ZONE, SimulatorConfig::checkZone);
        rule(SimulatorOptions.HUMAN_USERS, intIn(0, 10_000_000));
        rule(SimulatorOptions.HUMAN_SESSIONS_PER_DAY, doubleIn(0.0, 1000.0));
        rule(SimulatorOptions.HUMAN_ACTIVITY_SPREAD, doubleIn(0.0, 3.0));
        rule(SimulatorOptions.HUMAN_CLICKS_PER_SESSION, doubleIn(1.0, 1000.0));
        rule(SimulatorOptions.HUMAN_CLICK_GAP_SECONDS, doubleIn(0.1, 86_400.0));
        rule(SimulatorOptions.HUMAN_LOGGED_IN_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.HUMAN_DEVICE_MIX, weights(4));
        rule(SimulatorOptions.HUMAN_IPV6_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.HUMAN_HOURLY_WEIGHTS, weights(24));
        rule(SimulatorOptions.HUMAN_WEEKDAY_WEIGHTS, weights(7));
        rule(
                SimulatorOptions.APP_USER_AGENTS,
                v ->
                        v.equals("sdk") || v.equals("webview")
                                ? null
                                : "must be 'sdk' or 'webview', was '" + bounded(v) + "'");
        rule(SimulatorOptions.GATEWAY_USER_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.GATEWAY_COUNT, intIn(1, 1_000_000));
        rule(SimulatorOptions.GATEWAY_OFFICE_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.GATEWAY_CARRIER_APP_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.PURCHASE_RATE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.PURCHASE_RFM_EXPONENT, doubleIn(0.0, 10.0));
        rule(SimulatorOptions.PURCHASE_ANONYMOUS_RATE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.PURCHASE_DELAY_MINUTES, doubleIn(0.0, 10_080.0));
        rule(SimulatorOptions.RFM_HIGH_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.AD_COUNT, intIn(1, 10_000_000));
        rule(SimulatorOptions.ADS_PER_ADVERTISER, intIn(1, 1_000_000));
        rule(SimulatorOptions.AD_ZIPF_EXPONENT, doubleIn(0.0, 5.0));
        rule(SimulatorOptions.CRAWLER_COUNT, intIn(0, 10_000));
        rule(SimulatorOptions.CRAWLER_DECLARED, intIn(0, 10_000));
        rule(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, doubleIn(0.0, 60_000.0));
        rule(SimulatorOptions.BOTNET_HOSTS, intIn(0, 10_000_000));
        rule(SimulatorOptions.BOTNET_CLICKS_PER_HOST_PER_DAY, doubleIn(0.0, 100_000.0));
        rule(SimulatorOptions.BOTNET_ROTATING_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.BOTNET_TARGET_ADS, intIn(1, 1_000_000));
        rule(SimulatorOptions.FARM_COUNT, intIn(0, 10_000));
        rule(SimulatorOptions.FARM_ACCOUNTS, intIn(1, 1_000_000));
        rule(SimulatorOptions.FARM_LOGGED_IN_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.FARM_IPS, intIn(1, 10_000));
        rule(SimulatorOptions.FARM_SESSIONS_PER_DAY, doubleIn(0.0, 10_000.0));
        rule(SimulatorOptions.FARM_ZONE, SimulatorConfig::checkZone);
        rule(SimulatorOptions.FARM_SHIFT_START, intIn(0, 23));
        rule(SimulatorOptions.FARM_SHIFT_HOURS, intIn(1, 24));
        rule(SimulatorOptions.STOLEN_ACCOUNTS, intIn(0, 1_000_000));
        rule(SimulatorOptions.STOLEN_HIGH_RFM_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.STOLEN_CLICKS_PER_DAY, doubleIn(0.0, 100_000.0));
        rule(SimulatorOptions.STOLEN_PURCHASE_RATE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.LOW_AND_SLOW_BOTS, intIn(0, 10_000_000));
        rule(SimulatorOptions.LOW_AND_SLOW_CLICKS_PER_DAY, doubleIn(0.0, 100_000.0));
        rule(SimulatorOptions.DECLARED_AGENT_SHARE, doubleIn(0.0, 1.0));
        rule(SimulatorOptions.ROBOT_APP_SHARE, doubleIn(0.0, 1.0));
        if (!CHECKS.keySet().containsAll(SimulatorOptions.ALL)) {
            throw new IllegalStateException("every simulator option needs a range check");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void rule(ConfigOption<T> option, Function<T, String> check) {
        CHECKS.put(option, value -> check.apply((T) value));
    }

    private static Function<Integer, String> intIn(int min, int max) {
        return v -> v < min || v > max ? "must be in [" + min + ", " + max + "]" : null;
    }

    private static Function<Double, String> doubleIn(double min, double max) {
        return v ->
                !Double.isFinite(v) || v < min || v > max
                        ? "must be a number in [" + min + ", " + max + "]"
                        : null;
    }

    /** A value as shown in an error: at most 40 characters, so a hostile one stays one line. */
    private static String bounded(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
    }

    private static String checkZone(String zone) {
        try {
            ZoneId.of(zone);
            return null;
        } catch (DateTimeException e) {
            return "is not a time zone id (" + e.getMessage() + ")";
        }
    }

    private static Function<List<Double>, String> weights(int size) {
        return v -> {
            if (v.size() != size) {
                return "must have exactly " + size + " weights, had " + v.size();
            }
            double sum = 0;
            for (Double w : v) {
                if (w == null || !Double.isFinite(w) || w < 0) {
                    return "weights must be finite and non-negative";
                }
                sum += w;
            }
            return sum > 0 ? null : "weights must not all be zero";
        };
    }

    private final Map<ConfigOption<?>, Object> values;

    private SimulatorConfig(Map<ConfigOption<?>, Object> values) {
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
    public <T> T get(ConfigOption<T> option) {
        Object value = values.get(option);
        return value == null ? option.defaultValue() : (T) value;
    }

    /** Every option key with its value, in documentation order. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigOption<?> option : SimulatorOptions.ALL) {
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
            ConfigOption<?> option = BY_KEY.get(field.getKey());
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

    /** Reads a value of the option's type, told by its default (every simulator option has one). */
    private static Object parse(ConfigOption<?> option, JsonNode node) {
        Object type = option.defaultValue();
        if (type instanceof Integer) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw wrongType(option, "an integer", node);
            }
            return node.intValue();
        }
        if (type instanceof Double) {
            if (!node.isNumber()) {
                throw wrongType(option, "a number", node);
            }
            return node.doubleValue();
        }
        if (type instanceof String) {
            if (!node.isTextual()) {
                throw wrongType(option, "a string", node);
            }
            return node.textValue();
        }
        if (type instanceof List) {
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
        }
        throw new IllegalStateException("unhandled option type of " + option.key());
    }

    private static InvalidConfigException wrongType(
            ConfigOption<?> option, String expected, JsonNode node) {
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
        private final Map<ConfigOption<?>, Object> values = new LinkedHashMap<>();

        private Builder() {}

        public <T> Builder set(ConfigOption<T> option, T value) {
            if (!CHECKS.containsKey(option)) {
                throw new IllegalArgumentException(option.key() + " is not a simulator option");
            }
            if (value == null) {
                throw new InvalidConfigException("config key '" + option.key() + "' is null");
            }
            values.put(option, value);
            return this;
        }

        private Builder setParsed(ConfigOption<?> option, Object value) {
            values.put(option, value);
            return this;
        }

        /** Builds the config, or throws {@link InvalidConfigException} naming every problem. */
        public SimulatorConfig build() {
            List<String> problems = new ArrayList<>();
            SimulatorConfig config = new SimulatorConfig(values);
            for (ConfigOption<?> option : SimulatorOptions.ALL) {
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

        private static String check(ConfigOption<?> option, SimulatorConfig config) {
            return CHECKS.get(option).apply(config.get(option));
        }
    }
}
