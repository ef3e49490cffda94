package dev.slidr.inference.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model scores a click of a given event time: the start model, then each accepted change from
 * its effective time on. When two changes cover a click, the later command wins. Every scoring
 * subtask applies the same commands in the same order (one control partition, broadcast), so every
 * subtask holds the same schedule and picks the same model for the same click.
 */
final class ModelSchedule {

    /** The most changes kept; older ones no longer matter once this many came after them. */
    static final int MAX_CHANGES = 32;

    /**
     * One accepted change.
     *
     * @param seq its position among all accepted changes (0, 1, ...)
     * @param version the model version
     * @param hash the model's SHA-256 ({@link ModelHash})
     * @param effectiveTs the first event time it scores
     */
    record Change(long seq, String version, String hash, long effectiveTs) {
        Change {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(hash, "hash");
        }
    }

    private final List<Change> changes = new ArrayList<>();

    /** Adds a restored or newly accepted change; returns the change that fell out, if any. */
    Optional<Change> add(Change change) {
        changes.add(change);
        changes.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return changes.size() > MAX_CHANGES ? Optional.of(changes.remove(0)) : Optional.empty();
    }

    /** The sequence number of the next change. */
    long nextSeq() {
        return changes.isEmpty() ? 0 : changes.get(changes.size() - 1).seq() + 1;
    }

    /** The change that scores a click of {@code eventTs}; empty for the start model. */
    Optional<Change> at(long eventTs) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            if (changes.get(i).effectiveTs() <= eventTs) {
                return Optional.of(changes.get(i));
            }
        }
        return Optional.empty();
    }

    /** The last accepted change. */
    Optional<Change> latest() {
        return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1));
    }

    /** The version before the last accepted change ({@code startVersion} before the first). */
    Optional<String> previousVersion(String startVersion) {
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                changes.size() == 1 ? startVersion : changes.get(changes.size() - 2).version());
    }

    /**
     * Whether no click at or after {@code watermark} can be scored by {@code change} (empty: the
     * start model): a later command already took effect.
     */
    boolean superseded(Optional<Change> change, long watermark) {
        long seq = change.map(Change::seq).orElse(-1L);
        for (Change c : changes) {
            if (c.seq() > seq && c.effectiveTs() <= watermark) {
                return true;
            }
        }
        return false;
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }
}
