package dev.slidr.replay.report;

import dev.slidr.contract.Decision;

/** One click decided on both sides; before is null when the baseline has no decision for it. */
public record DecisionPair(String advertiserId, Decision before, Decision after) {}
