/**
 * The diff of a replay: what changed between the baseline's decisions and the replayed ones, per
 * slice and per advertiser, as a terminal table, JSON and a self-contained HTML page.
 */
package dev.slidr.replay.report;
