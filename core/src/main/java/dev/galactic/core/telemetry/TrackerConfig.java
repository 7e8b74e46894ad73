package dev.galactic.core.telemetry;

import dev.galactic.core.metric.Hysteresis;
import java.util.List;

/**
 * How the tracker turns samples into link states and events.
 *
 * @param latencySources probe types whose RTT, jitter and loss describe a link, most preferred
 *                       first; the first one with a fresh reply is used. UDP comes first because
 *                       it is what tenant traffic looks like and runs sub-second.
 * @param bandwidthStalenessNanos an iperf3 result older than this is no longer reported
 * @param downAfterLost this many probes of the latency source lost in a row make the link DOWN
 *                      at once (a detection multiplier, as in BFD), long before it goes stale;
 *                      5, not BFD's usual 3: a link losing 10% each way loses 3 round trips in a
 *                      row every few seconds at 100 ms probes, and must not flap DOWN for it
 */
public record TrackerConfig(WindowConfig window, List<ProbeType> latencySources, Hysteresis latency,
                            Hysteresis jitter, Hysteresis loss, Hysteresis bandwidth, Baseline baseline,
                            long bandwidthStalenessNanos, int downAfterLost) {

    /**
     * Two and a half iperf3 periods (ProbePolicy's 30 min): the next run comes a period later, or
     * later still when a conflicting run pushes it, and until then the last figure stands.
     */
    public static final java.time.Duration BANDWIDTH_STALENESS = java.time.Duration.ofMinutes(75);

    public static final TrackerConfig DEFAULTS = new TrackerConfig(WindowConfig.DEFAULTS,
            List.of(ProbeType.UDP, ProbeType.ICMP, ProbeType.TCP, ProbeType.HTTP),
            new Hysteresis(0.5, 0.10), new Hysteresis(0.5, 0.25), new Hysteresis(0.5, 0.0),
            new Hysteresis(10, 0.10), Baseline.DEFAULTS, BANDWIDTH_STALENESS.toNanos(), 5);

    public TrackerConfig {
        latencySources = List.copyOf(latencySources);
        if (latencySources.isEmpty() || latencySources.contains(ProbeType.IPERF)) {
            throw new IllegalArgumentException("latency sources must be round-trip probe types: " + latencySources);
        }
        if (downAfterLost < 1) {
            throw new IllegalArgumentException("downAfterLost must be at least 1: " + downAfterLost);
        }
    }

    public TrackerConfig withWindow(WindowConfig w) {
        return new TrackerConfig(w, latencySources, latency, jitter, loss, bandwidth, baseline, bandwidthStalenessNanos, downAfterLost);
    }

    public TrackerConfig withBaseline(Baseline b) {
        return new TrackerConfig(window, latencySources, latency, jitter, loss, bandwidth, b, bandwidthStalenessNanos, downAfterLost);
    }
}
