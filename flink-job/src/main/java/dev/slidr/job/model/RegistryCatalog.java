package dev.slidr.job.model;

import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.registry.BundleTrust;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.ModelRegistryException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * The scoring subtasks' view of the model registry: each {@link #load} opens the registry at its
 * location, verifies the bundle's signature and checksums under the trusted keys and turns it into
 * a {@link DeployedModel}. Holds the location and the public keys only, so it travels with the job
 * graph.
 *
 * <pre>{@code
 * ModelCatalog catalog = RegistryCatalog.of("s3://slidr/registry", BundleTrust.fromEnvironment());
 * }</pre>
 */
public final class RegistryCatalog implements ModelCatalog {

    private static final long serialVersionUID = 1L;

    private final String location;
    private final List<PublicKey> trustedKeys;
    private final boolean allowUnsigned;

    private RegistryCatalog(String location, List<PublicKey> trustedKeys, boolean allowUnsigned) {
        this.location = Objects.requireNonNull(location, "location");
        this.trustedKeys = List.copyOf(trustedKeys);
        this.allowUnsigned = allowUnsigned;
    }

    /** The registry at {@code location} (a directory or a file system URI) under {@code trust}. */
    public static RegistryCatalog of(String location, BundleTrust trust) {
        return new RegistryCatalog(location, trust.keys(), trust.allowsUnsigned());
    }

    public String location() {
        return location;
    }

    /** The trust bundles are verified under. */
    public BundleTrust trust() {
        return BundleTrust.of(trustedKeys).allowingUnsigned(allowUnsigned);
    }

    @Override
    public DeployedModel load(String version) throws IOException, RefusedModelException {
        ModelRegistry registry = RegistryModel.openExisting(location).withTrust(trust());
        try {
            return BundleModels.deployed(RegistryModel.resolve(registry, version));
        } catch (RegistryModel.UnusableModelException e) {
            if (e.getCause() instanceof IOException io
                    && !(io instanceof ModelRegistryException)
                    && !(io instanceof NoSuchFileException)) {
                // the registry could not be read now: not a verdict on the bundle, so the
                // subtask fails and retries from its checkpoint rather than diverging
                throw io;
            }
            throw new RefusedModelException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RefusedModelException("model " + version + ": " + e.getMessage(), e);
        }
    }
}
