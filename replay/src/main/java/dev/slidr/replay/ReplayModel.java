package dev.slidr.replay;

import dev.slidr.inference.decision.DeployedModel;
import dev.slidr.job.model.BundleModels;
import dev.slidr.job.model.RegistryModel;
import dev.slidr.registry.ModelBundle;
import dev.slidr.registry.ModelRegistry;
import dev.slidr.registry.RegistryState;
import java.io.IOException;
import java.util.Optional;

/**
 * The model a replay decides with: a registered version, loaded only through the registry's
 * verification ({@link RegistryModel}), which must be or have been stable unless candidates are
 * allowed.
 */
final class ReplayModel {

    private ReplayModel() {}

    /**
     * The verified model, read from its bundle as the live job reads it.
     *
     * @throws ReplayException an unknown, refused, never-stable or tampered version (the message
     *     names the bad file), or an unreadable registry
     */
    static DeployedModel load(ModelRegistry registry, String version, boolean allowCandidate) {
        String where = registry.root().toString();
        try {
            RegistryState state = registry.state();
            Optional<RegistryState.HistoryEntry> refusal = state.refusal(version);
            if (refusal.isPresent() && !state.isRegistered(version)) {
                throw new ReplayException(
                        "model "
                                + version
                                + " in "
                                + where
                                + " was refused by its guardrails ("
                                + refusal.get().detail()
                                + "); it cannot be replayed");
            }
            if (!state.isRegistered(version)) {
                throw new ReplayException("model " + version + " is not registered in " + where);
            }
            boolean everStable =
                    state.history().stream()
                            .anyMatch(
                                    e ->
                                            e.action() == RegistryState.Action.PROMOTE
                                                    && e.version().equals(version));
            if (!everStable && !allowCandidate) {
                throw new ReplayException(
                        "model "
                                + version
                                + " in "
                                + where
                                + " was never stable; allow candidates to evaluate it");
            }
            ModelBundle bundle = RegistryModel.resolve(registry, version);
            return BundleModels.deployed(bundle);
        } catch (RegistryModel.UnusableModelException e) {
            throw new ReplayException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ReplayException(
                    "cannot read the registry at " + where + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ReplayException(
                    "model " + version + " in " + where + ": " + e.getMessage(), e);
        }
    }
}
