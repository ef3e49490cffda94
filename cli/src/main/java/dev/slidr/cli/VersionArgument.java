package dev.slidr.cli;

import dev.slidr.registry.BundleManifest;
import picocli.CommandLine;

/** A model version given on the command line: checked before anything is read, exit 2 if bad. */
final class VersionArgument {

    private VersionArgument() {}

    /** The version, or a usage error naming {@code label} when it is not a version name. */
    static String check(CommandLine commandLine, String label, String version) {
        if (version != null && !BundleManifest.VERSION_PATTERN.matcher(version).matches()) {
            throw new CommandLine.ParameterException(
                    commandLine,
                    label
                            + " "
                            + printable(version)
                            + " is not a valid model version (letters, digits, . _ -; at most"
                            + " 128)");
        }
        return version;
    }

    /** A user-given string shown in one line: control characters escaped, long ones cut. */
    static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
        }
        return out.append('"').toString();
    }
}
