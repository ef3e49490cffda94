/** Replay: past traffic through a chosen model, corrections, and the diff report. */
package dev.slidr.replay;
