package dev.galactic.agent.probe;

/**
 * A UDP prober's own counters since it started.
 *
 * @param timedOut probes reported lost (no reply within the timeout, or a later probe answered first)
 * @param late replies that came after their probe was reported lost
 * @param reordered replies with a sequence below the highest already answered
 * @param jitterNanos RFC 3550 jitter of the RTTs
 */
public record UdpProbeStats(long sent, long answered, long timedOut, long late, long duplicates, long reordered,
                            double jitterNanos) {

    /** Percent of resolved probes (answered or timed out) that timed out. */
    public double lossPercent() {
        long resolved = answered + timedOut;
        return resolved == 0 ? 0 : 100.0 * timedOut / resolved;
    }
}
