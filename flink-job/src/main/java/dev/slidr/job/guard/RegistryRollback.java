package dev.slidr.job.guard;

import dev.slidr.contract.control.ControlCommand;
import dev.slidr.inference.flink.ModelCatalog;
import dev.slidr.job.kafka.ControlTopicWriter;
import dev.slidr.job.kafka.KafkaConfig;
import dev.slidr.job.model.RegistryCatalog;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.registry.BundleVerificationException;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.ModelRegistryException;
import java.time.Duration;
import java.util.Objects;

/**
 * The guard's rollback in the running job: loads and verifies the target bundle as the scoring
 * subtasks would ({@link RegistryCatalog}), records the change in the registry's history as a
 * rollback by {@value #BY} with the reason ({@link ModelRegistry#rollbackTo}), and writes {@code
 * rollback {to}} to the control topic stamped with the rollback's effective time, so the ordinary
 * control path switches every scoring subtask and a replay of the topic does the same.
 */
public final class RegistryRollback implements RollbackAction {

    private static final long serialVersionUID = 1L;

    /** Who the registry's history names for the guard's changes. */
    public static final String BY = "auto-rollback";

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final RegistryCatalog catalog;
    private final KafkaConfig kafka;

    public RegistryRollback(RegistryCatalog catalog, KafkaConfig kafka) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
    }

    @Override
    public void rollBack(AutoRollback rollback) throws Exception {
        try {
            catalog.load(rollback.to());
        } catch (ModelCatalog.RefusedModelException e) {
            throw new RollbackRefusedException(
                    "model " + rollback.to() + " is refused: " + e.getMessage(), e);
        }
        ModelRegistry registry =
                RegistryModel.openExisting(catalog.location()).withTrust(catalog.trust());
        try {
            registry.rollbackTo(
                    rollback.to(),
                    rollback.from(),
                    new ModelRegistry.ChangeNote(BY, rollback.reason()));
        } catch (BundleVerificationException e) {
            throw new RollbackRefusedException(
                    "model " + rollback.to() + " fails verification: " + e.getMessage(), e);
        } catch (ModelRegistryException e) {
            if (e.reason() == ModelRegistryException.Reason.CONCURRENT_UPDATE
                    || e.reason() == ModelRegistryException.Reason.LOCKED) {
                throw e;
            }
            throw new RollbackRefusedException(
                    "the registry refuses the rollback: " + e.getMessage(), e);
        }
        ControlTopicWriter.write(
                kafka,
                new ControlCommand.Rollback(rollback.to()),
                rollback.effectiveTs(),
                WRITE_TIMEOUT);
    }
}
