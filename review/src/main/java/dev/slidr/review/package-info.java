/**
 * The review queue: users, IPs and ads of a window's decisions ranked by expected invalid clicks,
 * each with its most indicative clicks.
 */
package dev.slidr.review;
