package dev.slidr.training.pipeline;

import dev.slidr.rules.slice.Slicing;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which slicing {@code train} calibrates ({@code --slicing}): one of rules' {@link Slicing}
 * schemes, or {@link #AUTO}, the finest one the data's labels fit ({@link SlicingChoice#auto}).
 */
public enum SliceScheme {
    /** Device class × logged-in, eight slices: the default. */
    DEVICE_AND_LOGIN,
    /** Device class only, four slices. */
    DEVICE,
    /** Logged-in or anonymous, two slices. */
    LOGIN,
    /** One slice for every click. */
    SINGLE,
    /** The finest of the above whose every present slice has enough human-labelled clicks. */
    AUTO;

    /** The fixed scheme; {@link #AUTO} has none. */
    public Slicing slicing() {
        if (this == AUTO) {
            throw new IllegalStateException("auto names no slicing until the data is read");
        }
        return Slicing.valueOf(name());
    }

    /** The name as {@code --slicing} takes it: {@code device_and_login}, {@code auto}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scheme of a value such as {@code device} or {@code AUTO}, case-insensitive as {@link
     * Slicing#fromName} reads {@code calibration.json}.
     *
     * @throws IllegalArgumentException for any other value, naming the accepted ones
     */
    public static SliceScheme parse(String value) {
        String v = value == null ? "" : value.trim();
        for (SliceScheme s : values()) {
            if (s.name().equalsIgnoreCase(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "slicing must be one of "
                        + String.join(
                                ", ", Arrays.stream(values()).map(SliceScheme::label).toList())
                        + ", was '"
                        + shown(v)
                        + "'");
    }

    /** A value as an error shows it: one line, at most 64 characters. */
    private static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 64; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > 64 ? sb + "..." : sb.toString();
    }
}
