package dev.slidr.inference.bundle;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a bundle cannot be trusted: its manifest is missing or invalid, a listed file is
 * missing or does not match its SHA-256, or the directory holds a file the manifest does not list.
 * Every problem names its file.
 */
public final class BundleVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem with one file of a bundle. */
    public record Problem(String file, String reason) {
        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }

    private final String bundle;
    private final List<Problem> problems;

    BundleVerificationException(String bundle, List<Problem> problems, Throwable cause) {
        super(
                "bundle "
                        + bundle
                        + " failed verification: "
                        + problems.stream()
                                .map(Problem::toString)
                                .collect(Collectors.joining("; ")),
                cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a verification failure needs a problem");
        }
        this.bundle = bundle;
        this.problems = List.copyOf(problems);
    }

    /** The bundle directory that failed. */
    public String bundle() {
        return bundle;
    }

    /** Every problem found, each naming its file. */
    public List<Problem> problems() {
        return problems;
    }

    /** The names of the files with problems. */
    public List<String> files() {
        return problems.stream().map(Problem::file).distinct().toList();
    }
}
