package dev.slidr.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of {@code registry.json}: the stable version, the registered candidates (every
 * registered version, oldest first; the stable one among them) and the history of every action.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param revision incremented by every write; the optimistic concurrency check compares it
 * @param stable the stable version, or null
 * @param candidates every registered version, in registration order
 * @param history every action, oldest first
 */
public record RegistryState(
        int formatVersion,
        long revision,
        String stable,
        List<String> candidates,
        List<HistoryEntry> history) {

    /** The registry format this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** What happened to a version. */
    public enum Action {
        REGISTER,
        PROMOTE,
        ROLLBACK,
        REFUSE,
        /** A model started scoring beside the stable one in the running job (shadow scoring). */
        SHADOW,
        /** Shadow scoring stopped; the entry names the model that was shadowed. */
        UNSHADOW;

        /** The lower-case name used in JSON. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Action> fromWire(String name) {
            for (Action a : values()) {
                if (a.wireName().equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /** One action on the registry. */
    public record HistoryEntry(Instant ts, Action action, String version, String detail) {
        public HistoryEntry {
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(version, "version");
            detail = detail == null ? "" : detail;
        }
    }

    public RegistryState {
        candidates = List.copyOf(candidates);
        history = List.copyOf(history);
    }

    /** The state of a registry that has never been written. */
    public static RegistryState empty() {
        return new RegistryState(FORMAT_VERSION, 0, null, List.of(), List.of());
    }

    public Optional<String> stableVersion() {
        return Optional.ofNullable(stable);
    }

    public boolean isRegistered(String version) {
        return candidates.contains(version);
    }

    /** The last refusal of a version, if it was refused. */
    public Optional<HistoryEntry> refusal(String version) {
        HistoryEntry last = null;
        for (HistoryEntry e : history) {
            if (e.action() == Action.REFUSE && e.version().equals(version)) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    /** When a version was registered, if it was. */
    public Optional<Instant> registeredAt(String version) {
        return history.stream()
                .filter(e -> e.action() == Action.REGISTER && e.version().equals(version))
                .map(HistoryEntry::ts)
                .findFirst();
    }

    /**
     * The stable versions as a stack, oldest first, the current stable last: each promote pushes
     * its version, each rollback pops the current one. A rollback goes back to the element below
     * the top, so repeated rollbacks walk further back instead of flipping between two models.
     */
    public List<String> stableLineage() {
        List<String> stack = new ArrayList<>();
        for (HistoryEntry e : history) {
            if (e.action() == Action.PROMOTE) {
                if (stack.isEmpty() || !stack.get(stack.size() - 1).equals(e.version())) {
                    stack.add(e.version());
                }
            } else if (e.action() == Action.ROLLBACK
                    && !stack.isEmpty()
                    && !stack.get(stack.size() - 1).equals(e.version())) {
                // a rollback to the model already on top (recorded by the job's rollback guard
                // for a model that was activated without a promotion) leaves the lineage as is
                stack.remove(stack.size() - 1);
            }
        }
        return stack;
    }

    /**
     * The model the history last sent to shadow scoring, unless an {@code unshadow} followed it. It
     * is what people asked for, not what the job does: a job that refused the command (or a command
     * written with another tool) is not seen here.
     */
    public Optional<String> shadowVersion() {
        String shadow = null;
        for (HistoryEntry e : history) {
            if (e.action() == Action.SHADOW) {
                shadow = e.version();
            } else if (e.action() == Action.UNSHADOW) {
                shadow = null;
            }
        }
        return Optional.ofNullable(shadow);
    }

    RegistryState with(String newStable, List<String> newCandidates, HistoryEntry entry) {
        List<HistoryEntry> newHistory = new ArrayList<>(history);
        newHistory.add(entry);
        return new RegistryState(formatVersion, revision, newStable, newCandidates, newHistory);
    }

    RegistryState withRevision(long newRevision) {
        return new RegistryState(formatVersion, newRevision, stable, candidates, history);
    }
}
