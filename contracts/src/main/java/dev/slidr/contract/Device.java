package dev.slidr.contract;

import java.util.Locale;
import java.util.Optional;

/** Device class of a click, as the click contract names it; part of every traffic slice. */
public enum Device {
    DESKTOP,
    MOBILE,
    APP,
    OTHER;

    /** Every device class, read per click: {@link #values()} copies its array on each call. */
    private static final Device[] ALL = values();

    // every click crosses the stages with its device's wire name and is read back through
    // fromWireName: the name and its Optional are made once, not per click
    private final String wireName = name().toLowerCase(Locale.ROOT);
    private final Optional<Device> present = Optional.of(this);

    /** The lower-case name used on the wire ({@code desktop}, {@code mobile}, ...). */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name, case-insensitively; empty for anything that is not a device class. */
    public static Optional<Device> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        // trim() returns the name itself when there is nothing to trim
        String trimmed = name.trim();
        for (Device device : ALL) {
            if (device.wireName.equalsIgnoreCase(trimmed)) {
                return device.present;
            }
        }
        return Optional.empty();
    }
}
