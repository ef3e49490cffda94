package dev.slidr.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The names of the figures in a manifest's metrics, and the names older versions wrote for them.
 * Since issue 14 a name says what the figure is measured against ({@code weak_*}: the weak labels,
 * {@code true_*}: the ground truth); bundles written before then say {@code auc}, {@code fpr} and
 * {@code robotic_coverage} for the same weak-label figures, and are read by their old names when
 * the new one is missing. New bundles are written with the new names only.
 */
public final class MetricNames {

    public static final String WEAK_AUC = "weak_auc";
    public static final String WEAK_FPR = "weak_fpr";
    public static final String WEAK_FPR_UPPER = "weak_fpr_upper";
    public static final String WEAK_ROBOTIC_COVERAGE = "weak_robotic_coverage";
    public static final String IVR = "ivr";

    /** New name to the name older bundles wrote for the same figure. */
    private static final Map<String, String> LEGACY =
            Map.of(
                    WEAK_AUC, "auc",
                    WEAK_FPR, "fpr",
                    WEAK_ROBOTIC_COVERAGE, "robotic_coverage");

    private MetricNames() {}

    /**
     * The figure {@code name} under the JSON pointer {@code parent} ({@code ""} for the top level)
     * of {@code manifest}'s metrics: by its name, else by the name older versions wrote for it.
     */
    public static Optional<JsonNode> read(BundleManifest manifest, String parent, String name) {
        Optional<JsonNode> current = manifest.metric(parent + "/" + name);
        if (current.isPresent() || !LEGACY.containsKey(name)) {
            return current;
        }
        return manifest.metric(parent + "/" + LEGACY.get(name));
    }

    /** The name older versions wrote for {@code name}, or {@code name} when it was not renamed. */
    public static String legacy(String name) {
        return LEGACY.getOrDefault(name, name);
    }
}
