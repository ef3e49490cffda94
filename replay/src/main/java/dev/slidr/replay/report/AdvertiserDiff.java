package dev.slidr.replay.report;

/** The diff of one advertiser's clicks. */
public record AdvertiserDiff(String advertiserId, DiffCounts counts) {}
