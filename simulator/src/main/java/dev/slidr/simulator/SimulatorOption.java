package dev.slidr.simulator;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed simulator setting: its key (as written in a {@code --config} JSON file), its type,
 * default, description, and the check its value must pass.
 *
 * @param <T> the value type: {@link Integer}, {@link Double}, {@link String} or a {@code
 *     List<Double>}
 */
public final class SimulatorOption<T> {

    /** The value types an option may have; the config file parser reads each one strictly. */
    public enum Type {
        INT,
        DOUBLE,
        STRING,
        DOUBLE_LIST
    }

    private final String key;
    private final Type type;
    private final T defaultValue;
    private final String description;
    private final Function<T, String> check;

    private SimulatorOption(
            String key, Type type, T defaultValue, String description, Function<T, String> check) {
        this.key = Objects.requireNonNull(key);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.description = Objects.requireNonNull(description);
        this.check = Objects.requireNonNull(check);
    }

    static SimulatorOption<Integer> intOption(
            String key, int defaultValue, int min, int max, String description) {
        return new SimulatorOption<>(
                key,
                Type.INT,
                defaultValue,
                description,
                v -> v < min || v > max ? "must be in [" + min + ", " + max + "]" : null);
    }

    static SimulatorOption<Double> doubleOption(
            String key, double defaultValue, double min, double max, String description) {
        return new SimulatorOption<>(
                key,
                Type.DOUBLE,
                defaultValue,
                description,
                v ->
                        !Double.isFinite(v) || v < min || v > max
                                ? "must be a number in [" + min + ", " + max + "]"
                                : null);
    }

    static SimulatorOption<String> stringOption(
            String key, String defaultValue, Function<String, String> check, String description) {
        return new SimulatorOption<>(key, Type.STRING, defaultValue, description, check);
    }

    static SimulatorOption<List<Double>> weightsOption(
            String key, List<Double> defaultValue, int size, String description) {
        return new SimulatorOption<>(
                key,
                Type.DOUBLE_LIST,
                List.copyOf(defaultValue),
                description,
                v -> {
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
                });
    }

    /** The key in the config file, e.g. {@code humans.users}. */
    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The reason the value is not acceptable, or {@code null} when it is. */
    String problemWith(T value) {
        return check.apply(value);
    }

    @Override
    public String toString() {
        return key;
    }
}
