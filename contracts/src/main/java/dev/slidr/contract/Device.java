package dev.slidr.contract;

import java.util.Locale;
import java.util.Optional;

/** Device class of a click, as the click contract names it; part of every traffic slice. */
public enum Device {
    DESKTOP,
    MOBILE,
    APP,
    OTHER;

    /** The lower-case name used on the wire ({@code desktop}, {@code mobile}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; empty for anything that is not a device class. */
    public static Optional<Device> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Device device : values()) {
            if (device.wireName().equalsIgnoreCase(name.trim())) {
                return Optional.of(device);
            }
        }
        return Optional.empty();
    }
}
