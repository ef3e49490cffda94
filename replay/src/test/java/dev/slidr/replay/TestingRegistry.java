package dev.slidr.replay;

import dev.slidr.job.model.TestingBundles;
import dev.slidr.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A registry of test models that share one ONNX graph and differ in their per-slice thresholds: 0
 * flags every scored click of a slice, {@code NEVER} flags none.
 */
final class TestingRegistry {

    static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z");

    /** Invalidates nothing: a score never reaches it. */
    static final double NEVER = Math.nextUp(1.0);

    private TestingRegistry() {}

    static ModelRegistry open(Path dir) {
        return TestingBundles.registry(dir);
    }

    /**
     * Registers {@code version} with {@code thresholds} by slice name, {@code otherwise} for the
     * rest.
     */
    static void register(
            ModelRegistry registry,
            String version,
            Map<String, Double> thresholds,
            double otherwise)
            throws Exception {
        registry.register(
                TestingBundles.bundle(
                        version, slice -> thresholds.getOrDefault(slice.name(), otherwise)));
    }
}
