package dev.slidr.inference.decision;

import dev.slidr.rules.slice.Slice;
import dev.slidr.rules.slice.Slicing;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decision threshold of every slice of one calibration: a click is invalid when its score is at
 * least its slice's threshold.
 *
 * <p>Coverage is checked when the thresholds are built, never per click: every slice the {@link
 * Slicing} can produce must have a threshold, or the thresholds are refused with {@link
 * InvalidThresholdsException} naming the missing slices. A default threshold, given explicitly,
 * fills the gaps instead (for a calibration that had too few clicks in some slice); decisions then
 * carry the default as their threshold. Thresholds lie in {@code [0, 1]}, or are the double just
 * above 1.0, which the calibrator uses for "invalidate nothing".
 *
 * <pre>{@code
 * SliceThresholds thresholds =
 *         SliceThresholds.of("c20250609", Map.of("desktop/logged_in", 0.91, ...), Slicing.DEVICE_AND_LOGIN);
 * double t = thresholds.threshold(slice);
 * }</pre>
 */
public final class SliceThresholds implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest accepted threshold: just above 1.0, so that no score reaches it. */
    public static final double NEVER = Math.nextUp(1.0);

    private final String calibrationVersion;
    private final Slicing slicing;
    private final LinkedHashMap<String, Double> thresholds;
    private final Double defaultThreshold;

    private SliceThresholds(
            String calibrationVersion,
            Slicing slicing,
            LinkedHashMap<String, Double> thresholds,
            Double defaultThreshold) {
        this.calibrationVersion = calibrationVersion;
        this.slicing = slicing;
        this.thresholds = thresholds;
        this.defaultThreshold = defaultThreshold;
    }

    /**
     * Thresholds that must cover every slice of {@code slicing}.
     *
     * @throws InvalidThresholdsException when a slice is missing or unknown, or a threshold is out
     *     of range
     */
    public static SliceThresholds of(
            String calibrationVersion, Map<String, Double> thresholds, Slicing slicing) {
        return build(calibrationVersion, thresholds, slicing, null);
    }

    /**
     * Thresholds where slices without an entry use {@code defaultThreshold}.
     *
     * @throws InvalidThresholdsException when a slice is unknown or a threshold is out of range
     */
    public static SliceThresholds withDefault(
            String calibrationVersion,
            Map<String, Double> thresholds,
            Slicing slicing,
            double defaultThreshold) {
        return build(calibrationVersion, thresholds, slicing, defaultThreshold);
    }

    private static SliceThresholds build(
            String calibrationVersion,
            Map<String, Double> thresholds,
            Slicing slicing,
            Double defaultThreshold) {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(slicing, "slicing");
        if (calibrationVersion == null || calibrationVersion.isBlank()) {
            throw new InvalidThresholdsException("the calibration version must not be blank");
        }
        if (defaultThreshold != null) {
            requireInRange("the default threshold", defaultThreshold);
        }
        Set<String> known = slicing.slices().stream().map(Slice::name).collect(Collectors.toSet());
        LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
        for (Slice slice : slicing.slices()) {
            Double value = thresholds.get(slice.name());
            if (value != null) {
                requireInRange("the threshold of slice " + slice.name(), value);
                copy.put(slice.name(), value);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String name : thresholds.keySet()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidThresholdsException(
                    "calibration "
                            + calibrationVersion
                            + " has thresholds for slices "
                            + unknown
                            + " that slicing "
                            + slicing
                            + " never produces "
                            + known.stream().sorted().toList());
        }
        if (defaultThreshold == null) {
            List<String> missing =
                    slicing.slices().stream()
                            .map(Slice::name)
                            .filter(name -> !copy.containsKey(name))
                            .toList();
            if (!missing.isEmpty()) {
                throw new InvalidThresholdsException(
                        "calibration "
                                + calibrationVersion
                                + " has no threshold for slices "
                                + missing
                                + " and no default threshold was given");
            }
        }
        return new SliceThresholds(calibrationVersion, slicing, copy, defaultThreshold);
    }

    private static void requireInRange(String what, Double value) {
        if (value == null || !(value >= 0.0 && value <= NEVER)) {
            throw new InvalidThresholdsException(
                    what + " is " + value + ", expected a value in [0, 1]");
        }
    }

    /** The threshold of {@code slice}. */
    public double threshold(Slice slice) {
        Double value = thresholds.get(slice.name());
        if (value != null) {
            return value;
        }
        if (defaultThreshold != null) {
            return defaultThreshold;
        }
        // unreachable for slices of this slicing: coverage was checked when built
        throw new IllegalArgumentException(
                "slice " + slice + " is not a slice of " + slicing + " thresholds");
    }

    public String calibrationVersion() {
        return calibrationVersion;
    }

    public Slicing slicing() {
        return slicing;
    }

    /** The explicit thresholds by slice name (without the default). */
    public Map<String, Double> thresholds() {
        return Map.copyOf(thresholds);
    }

    /** The threshold of slices without one, if any. */
    public OptionalDouble defaultThreshold() {
        return defaultThreshold == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(defaultThreshold);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceThresholds that
                && calibrationVersion.equals(that.calibrationVersion)
                && slicing == that.slicing
                && thresholds.equals(that.thresholds)
                && Objects.equals(defaultThreshold, that.defaultThreshold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(calibrationVersion, slicing, thresholds, defaultThreshold);
    }

    @Override
    public String toString() {
        return "SliceThresholds["
                + calibrationVersion
                + ", "
                + slicing
                + ", "
                + thresholds
                + (defaultThreshold == null ? "" : ", default " + defaultThreshold)
                + "]";
    }
}
