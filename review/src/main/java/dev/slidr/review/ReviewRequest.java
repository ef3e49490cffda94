package dev.slidr.review;

import dev.slidr.contract.input.CsvMapping;
import dev.slidr.rules.privacy.HmacKey;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a review reads and how much it shows.
 *
 * @param decisions where the decisions come from: a file of contract JSON lines, or a window of the
 *     decisions topic
 * @param clicks the window's clicks: a file, a directory or a glob, as {@code train --clicks}
 * @param mapping the CSV mapping of the click files, or null for JSON lines
 * @param key the job's pseudonym key
 * @param top entities listed per kind
 * @param clicksShown most indicative clicks shown per entity
 * @param featuresShown standing-out features shown per click
 */
public record ReviewRequest(
        DecisionSource decisions,
        Path clicks,
        CsvMapping mapping,
        HmacKey key,
        int top,
        int clicksShown,
        int featuresShown) {

    /** Entities per kind when not told. */
    public static final int DEFAULT_TOP = 20;

    /** Clicks shown per entity when not told. */
    public static final int DEFAULT_CLICKS_SHOWN = 3;

    /** Features shown per click when not told. */
    public static final int DEFAULT_FEATURES_SHOWN = 3;

    /** The most entities per kind a review lists: the HTML page stays readable. */
    public static final int MAX_TOP = 100_000;

    /** The most clicks shown per entity. */
    public static final int MAX_CLICKS_SHOWN = 100;

    /**
     * A review of a whole decisions file.
     *
     * @throws IllegalArgumentException one line, when a count is out of range
     */
    public ReviewRequest(
            Path decisions,
            Path clicks,
            CsvMapping mapping,
            HmacKey key,
            int top,
            int clicksShown,
            int featuresShown) {
        this(
                new DecisionSource.File(decisions),
                clicks,
                mapping,
                key,
                top,
                clicksShown,
                featuresShown);
    }

    /**
     * @throws IllegalArgumentException one line, when a count is out of range
     */
    public ReviewRequest {
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(clicks, "clicks");
        Objects.requireNonNull(key, "key");
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException(
                    "top must be 1 to " + MAX_TOP + " entities per kind, was " + top);
        }
        if (clicksShown < 0 || clicksShown > MAX_CLICKS_SHOWN) {
            throw new IllegalArgumentException(
                    "clicks shown must be 0 to " + MAX_CLICKS_SHOWN + ", was " + clicksShown);
        }
        if (featuresShown < 0 || featuresShown > 64) {
            throw new IllegalArgumentException(
                    "features shown must be 0 to 64, was " + featuresShown);
        }
    }
}
