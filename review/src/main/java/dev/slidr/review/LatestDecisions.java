package dev.slidr.review;

import dev.slidr.contract.Decision;
import java.util.HashMap;
import java.util.Map;

/**
 * The decisions of a window by click id as billing applies them: the decisions topic and the
 * corrections topic together, the highest revision of each click winning whichever topic it came
 * from.
 */
final class LatestDecisions {

    /** Where a decision record was read. */
    enum Origin {
        /** The decisions topic, or a decisions file. */
        DECISIONS,
        /** The corrections topic a replay published to. */
        CORRECTIONS
    }

    private record Held(Decision decision, Origin origin) {}

    private final Map<String, Held> byClickId = new HashMap<>();

    /** Keeps {@code d} when it supersedes what its click holds, or when the click holds nothing. */
    void offer(Decision d, Origin origin) {
        byClickId.merge(
                d.clickId(),
                new Held(d, origin),
                (held, offered) ->
                        supersedes(offered.decision, offered.origin, held.decision, held.origin)
                                ? offered
                                : held);
    }

    /**
     * True when {@code candidate} replaces {@code held} as its click's decision: a higher revision
     * always does, from either topic. On a tie the decisions topic's record stays: our writers
     * never tie (a replay writes the revision it corrected plus one), so a tie is someone else's
     * record, and the original is what billing had; within one origin the first record read stays.
     */
    static boolean supersedes(
            Decision candidate, Origin candidateOrigin, Decision held, Origin heldOrigin) {
        if (candidate.revision() != held.revision()) {
            return candidate.revision() > held.revision();
        }
        return heldOrigin == Origin.CORRECTIONS && candidateOrigin == Origin.DECISIONS;
    }

    /** The winning decision of each click. */
    Map<String, Decision> winners() {
        Map<String, Decision> out = new HashMap<>();
        byClickId.forEach((id, held) -> out.put(id, held.decision));
        return out;
    }

    /** Clicks whose winning decision came from the corrections topic. */
    long fromCorrections() {
        return byClickId.values().stream().filter(h -> h.origin == Origin.CORRECTIONS).count();
    }
}
