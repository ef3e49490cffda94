package dev.slidr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The checks commands make on their options before they read or write anything: times, input files,
 * output directories and files. Each failure is a usage error (exit 2) in one line that names the
 * option and shows the value bounded to one line.
 */
final class OptionChecks {

    private final CommandLine commandLine;

    OptionChecks(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    /** An ISO-8601 instant, or a date read as its start of day in {@code zone}. */
    Instant time(String text, ZoneId zone, String option) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeException e2) {
                throw bad(
                        option
                                + " '"
                                + shown(text)
                                + "' is neither an ISO-8601 instant (2025-06-02T00:00:00Z)"
                                + " nor a date (2025-06-02)");
            }
        }
    }

    void readableFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw bad(option + " " + shown(file) + " is not a readable file");
        }
        if (!Files.isReadable(file)) {
            throw bad(option + " " + shown(file) + " is not readable");
        }
    }

    /**
     * A directory the command may write into: an existing writable directory, or a path whose
     * nearest existing ancestor is one (it is created then). Checked before any input is read, so
     * that a typo costs a second, not a whole run.
     */
    void writableDirectory(Path dir, String option) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw bad(option + " " + shown(dir) + " is a file, not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw bad(option + " " + shown(dir) + " is not writable");
            }
            return;
        }
        Path ancestor = dir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw bad(option + " " + shown(dir) + " cannot be created: " + ancestor + " is a file");
        }
        if (!Files.isWritable(ancestor)) {
            throw bad(
                    option
                            + " "
                            + shown(dir)
                            + " cannot be created: "
                            + ancestor
                            + " is not writable");
        }
    }

    /** A file the command may write: its directory exists, and it is not a directory itself. */
    void writableFile(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw bad(
                    option
                            + " "
                            + shown(file)
                            + ": directory "
                            + shown(parent)
                            + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw bad(option + " " + shown(file) + " is a directory; it names the JSON file");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw bad(option + " " + shown(file) + " cannot be written");
        }
    }

    ParameterException bad(String message) {
        return new ParameterException(commandLine, message);
    }

    /** A path from the command line as shown in an error: one line, bounded. */
    static String shown(Path value) {
        return value == null ? "null" : shown(value.toString());
    }

    /** A value from the command line as shown in an error: one line, bounded. */
    static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 64; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > 64 ? sb + "..." : sb.toString();
    }
}
