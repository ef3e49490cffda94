package dev.slidr.inference.flink;

import dev.slidr.inference.decision.DeployedModel;
import java.io.IOException;
import java.io.Serializable;

/**
 * Where a scoring subtask gets the model a control command names: the registry, with every bundle
 * verified. It travels with the job graph, so it holds a location and keys, not open resources.
 */
@FunctionalInterface
public interface ModelCatalog extends Serializable {

    /**
     * The model registered as {@code version}, verified.
     *
     * @throws RefusedModelException when the version cannot be used, whichever subtask asks: not
     *     registered, or failing its signature or checksums
     * @throws IOException when the registry cannot be read now (a retry may succeed)
     */
    DeployedModel load(String version) throws IOException, RefusedModelException;

    /** A catalog that refuses every version: for jobs that run from a fixed model. */
    static ModelCatalog none(String why) {
        return version -> {
            throw new RefusedModelException("model " + version + " cannot be loaded: " + why);
        };
    }

    /** The version cannot be used; the message says why. */
    final class RefusedModelException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedModelException(String message) {
            super(message);
        }

        public RefusedModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
