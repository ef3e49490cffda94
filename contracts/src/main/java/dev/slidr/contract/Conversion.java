package dev.slidr.contract;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A conversion (a purchase) attributed to an earlier click, from the conversions topic. */
public record Conversion(String clickId, long ts, Kind kind) {

    /** What the conversion was; only purchases exist in contract version 1. */
    public enum Kind {
        PURCHASE;

        /** The lower-case name used on the wire ({@code purchase}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind with exactly this wire name; empty for anything else. */
        public static Optional<Kind> fromWireName(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public Conversion {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(kind, "kind");
    }
}
