package dev.slidr.inference.bundle;

import java.time.Instant;
import java.util.Optional;

/**
 * One registered model as the registry lists it: its version, whether it is stable, when it was
 * registered, and its manifest (read, not verified; {@link ModelRegistry#verify} checks the files).
 *
 * @param version the model version
 * @param stable whether it is the stable model
 * @param registeredAt when it was registered (null when the history has no register entry)
 * @param manifest its manifest, or null when it cannot be read
 * @param manifestProblem why the manifest cannot be read, or null
 */
public record ModelEntry(
        String version,
        boolean stable,
        Instant registeredAt,
        BundleManifest manifest,
        String manifestProblem) {

    public Optional<BundleManifest> readableManifest() {
        return Optional.ofNullable(manifest);
    }
}
