package dev.slidr.contract;

import java.util.Objects;

/** A conversion (a purchase) attributed to an earlier click, from the conversions topic. */
public record Conversion(String clickId, long ts, Kind kind) {

    /** What the conversion was; only purchases exist in contract version 1. */
    public enum Kind {
        PURCHASE
    }

    public Conversion {
        Objects.requireNonNull(clickId, "clickId");
        Objects.requireNonNull(kind, "kind");
    }
}
