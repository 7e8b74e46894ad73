package dev.galactic.core.pce;

import java.time.Instant;

/**
 * What telemetry measured on one directed link ({@code from -> to}); the two directions of a
 * link are measured and stored separately because underlay paths are often asymmetric.
 *
 * @param link the Link resource measured; may be null when only one link joins {@code from} and {@code to}
 * @param from the sending node
 * @param to the receiving node
 * @param latencyMs one-way latency in milliseconds
 * @param jitterMs delay variation in milliseconds, treated as a standard deviation (see {@link PathMetrics})
 * @param lossPercent packet loss in percent, 0..100 (percent, like the class thresholds)
 * @param availableBandwidthMbps validated available bandwidth (iperf), in Mbit/s
 * @param up false when probes see the link as failed
 * @param measuredAt when the window closed; a state older than the freshness limit counts as down
 */
public record LinkState(String link, String from, String to, double latencyMs, double jitterMs, double lossPercent,
                        double availableBandwidthMbps, boolean up, Instant measuredAt) {

    public LinkState {
        if (from == null || to == null) throw new IllegalArgumentException("link state needs from and to");
        if (!(latencyMs >= 0) || !(jitterMs >= 0) || !(availableBandwidthMbps >= 0))
            throw new IllegalArgumentException("negative or NaN metric on " + from + "->" + to);
        if (!(lossPercent >= 0 && lossPercent <= 100))
            throw new IllegalArgumentException("loss must be 0..100 percent on " + from + "->" + to);
    }

    public String key() { return from + "->" + to; }
}
