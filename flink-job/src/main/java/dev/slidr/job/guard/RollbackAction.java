package dev.slidr.job.guard;

import java.io.Serializable;

/**
 * What the guard does when it fires: in the job, {@link RegistryRollback} (verify, record in the
 * registry, write the control command); in tests, a fake that records the calls.
 */
@FunctionalInterface
public interface RollbackAction extends Serializable {

    /**
     * Rolls back as {@code rollback} says.
     *
     * @throws RollbackRefusedException when the target must not be rolled back to (its bundle fails
     *     verification, the registry refuses the change): the guard only alerts
     * @throws Exception when it could not be done now (the registry or the broker unreachable): the
     *     guard tries again at the next window
     */
    void rollBack(AutoRollback rollback) throws Exception;

    /** The rollback target must not be used; the guard alerts instead. */
    final class RollbackRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RollbackRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
