package dev.slidr.rules.slice;

import java.io.Serializable;
import java.util.Objects;

/**
 * A traffic slice: the group of clicks that share one calibrated threshold, named as {@code
 * calibration.json} names it ({@code desktop/logged_in}, {@code mobile/anonymous}, ...). Which
 * slices exist is decided by a {@link Slicing}.
 *
 * @param name the slice name
 */
public record Slice(String name) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Slice {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a slice name must not be blank");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
