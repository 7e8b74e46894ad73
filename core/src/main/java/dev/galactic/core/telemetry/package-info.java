/**
 * Telemetry math: probe samples and their validation, RFC 3550 jitter, loss and reordering
 * from sequence numbers, bounded per-link windows, EWMA baselines, link state with hysteresis,
 * and the probe plan. Deterministic: time is always a parameter (epoch nanoseconds), never read
 * from a clock here.
 */
package dev.galactic.core.telemetry;
