package dev.galactic.core.sla;

import dev.galactic.core.pce.FailReason;

/**
 * The figure a breach is about: the monitor tells the causes of one violation apart by it and
 * by the segment to blame, so a zero-loss miss that becomes a plain loss miss is the same cause.
 * REACHABILITY: a segment down or never measured, and every miss of the PCE that is about no
 * single figure (no path, exclusions, the hop limit, limits only met one at a time, ...).
 */
public enum SlaMetric {
    LATENCY, JITTER, LOSS, BANDWIDTH, REACHABILITY;

    public static SlaMetric of(FailReason reason) {
        return switch (reason) {
            case LATENCY -> LATENCY;
            case JITTER -> JITTER;
            case LOSS, ZERO_LOSS, FEC_RESIDUAL_LOSS -> LOSS;
            case BANDWIDTH -> BANDWIDTH;
            default -> REACHABILITY;
        };
    }
}
