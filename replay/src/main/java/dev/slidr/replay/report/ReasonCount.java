package dev.slidr.replay.report;

/** How many flipped clicks carried one reason code. */
public record ReasonCount(String reason, long count) {}
