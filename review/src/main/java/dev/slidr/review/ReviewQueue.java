package dev.slidr.review;

import java.util.List;
import java.util.Map;

/**
 * The review queue of a window and what was read to build it.
 *
 * @param decisionLines non-blank lines of the decisions file, or records read of the decisions
 *     topic
 * @param decisions distinct decided clicks (the highest revision of each click id)
 * @param scored of them, clicks the model scored
 * @param outsideWindow decisions left out because their event time is outside the window
 * @param deadLetters decision lines or records that did not parse, by reason code
 * @param firstDeadLetters the first few of them, as {@code line N: reason} or {@code partition P
 *     offset O: reason}
 * @param clicksRead accepted click rows
 * @param clicksRejected click rows the adapter rejected
 * @param clicksJoined decided clicks found in the click files
 * @param repeatedClicks click rows whose id was already joined (the first row joins)
 * @param decisionsWithoutClick decided clicks the click files did not hold
 * @param featureVersion the feature schema of the scored decisions, or null
 * @param entities distinct entities per kind
 * @param ranked the top entities per kind, in queue order
 * @param corrections what the corrections topic gave, or null when it was not read (a file, or the
 *     decisions topic alone)
 */
public record ReviewQueue(
        long decisionLines,
        long decisions,
        long scored,
        long outsideWindow,
        Map<String, Long> deadLetters,
        List<String> firstDeadLetters,
        long clicksRead,
        long clicksRejected,
        long clicksJoined,
        long repeatedClicks,
        long decisionsWithoutClick,
        String featureVersion,
        Map<EntityKind, Long> entities,
        Map<EntityKind, List<RankedEntity>> ranked,
        Corrections corrections) {

    /**
     * The corrections topic read beside the decisions topic.
     *
     * @param topic its name
     * @param found false when the brokers lack it (a deployment that never replayed): the queue is
     *     of the decisions alone
     * @param records records read of it, corrections and dead letters
     * @param applied decided clicks of the window whose winning decision is a correction
     */
    public record Corrections(String topic, boolean found, long records, long applied) {}

    public ReviewQueue {
        deadLetters = Map.copyOf(deadLetters);
        firstDeadLetters = List.copyOf(firstDeadLetters);
        entities = Map.copyOf(entities);
        ranked = Map.copyOf(ranked);
    }

    /** Decision lines that did not parse. */
    public long deadLetterCount() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when no decided click joined a click: nothing to rank. */
    public boolean emptyWindow() {
        return clicksJoined == 0;
    }

    /** The ranked entities of one kind. */
    public List<RankedEntity> of(EntityKind kind) {
        return ranked.getOrDefault(kind, List.of());
    }
}
