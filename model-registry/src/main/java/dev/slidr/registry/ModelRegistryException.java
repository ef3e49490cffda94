package dev.slidr.registry;

import java.io.IOException;

/**
 * A registry operation that cannot be done, with a typed {@link Reason}. It is an {@link
 * IOException} because every registry operation is an operation on a store.
 */
public final class ModelRegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** The version is not registered. */
        UNKNOWN_VERSION,
        /** The version is already registered. */
        ALREADY_REGISTERED,
        /** The version was refused by its guardrails and cannot be registered. */
        REFUSED_VERSION,
        /** The bundle's manifest records a failed guardrail. */
        GUARDRAILS_FAILED,
        /** A bundle directory for the version exists but is not registered. */
        UNREGISTERED_BUNDLE_EXISTS,
        /** The registry has no stable model. */
        NO_STABLE,
        /** There is no earlier stable model to roll back to. */
        NO_ROLLBACK_TARGET,
        /** No shadow model is recorded, so there is nothing to unshadow. */
        NO_SHADOW,
        /** {@code registry.json} cannot be read or is inconsistent. */
        CORRUPT_REGISTRY,
        /** Another writer changed {@code registry.json} during this operation. */
        CONCURRENT_UPDATE,
        /** Another writer holds {@code registry.lock}. */
        LOCKED
    }

    private final Reason reason;

    ModelRegistryException(Reason reason, String message) {
        this(reason, message, null);
    }

    ModelRegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
