package dev.slidr.contract.control;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command on the control topic (contract version {@link #CONTRACT_VERSION}): change the model the
 * running job scores with. Read and written by {@link ControlCodec}.
 */
public sealed interface ControlCommand
        permits ControlCommand.Activate,
                ControlCommand.Rollback,
                ControlCommand.Shadow,
                ControlCommand.Unshadow {

    int CONTRACT_VERSION = 1;

    /**
     * Model versions as the registry names them (they are directory names there): a letter or
     * digit, then letters, digits, {@code . _ -}, at most 128 characters.
     */
    Pattern VERSION_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The command's wire name ({@code activate}). */
    String name();

    /**
     * Score every click with {@code event_ts >= effectiveTs} with {@code version}, earlier ones
     * with the model active before.
     */
    record Activate(String version, long effectiveTs) implements ControlCommand {
        public Activate {
            requireVersion(version);
        }

        @Override
        public String name() {
            return "activate";
        }
    }

    /**
     * Go back to {@code to}, or (when null) to the model that was active before the current one. It
     * takes effect from the control record's own timestamp.
     */
    record Rollback(String to) implements ControlCommand {
        public Rollback {
            if (to != null) {
                requireVersion(to);
            }
        }

        /** The target version, when the command names one. */
        public Optional<String> target() {
            return Optional.ofNullable(to);
        }

        @Override
        public String name() {
            return "rollback";
        }
    }

    /** Score every click with {@code version} beside the active model, emitting nothing. */
    record Shadow(String version) implements ControlCommand {
        public Shadow {
            requireVersion(version);
        }

        @Override
        public String name() {
            return "shadow";
        }
    }

    /** Stop shadow scoring. */
    record Unshadow() implements ControlCommand {
        @Override
        public String name() {
            return "unshadow";
        }
    }

    private static void requireVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (!VERSION_PATTERN.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "model version '"
                            + version
                            + "' is not a registry version (letters, digits, . _ -, at most 128)");
        }
    }
}
