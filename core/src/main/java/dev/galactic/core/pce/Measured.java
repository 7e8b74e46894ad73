package dev.galactic.core.pce;

/**
 * A path's predicted metrics held as fields of the path itself rather than as a
 * {@link PathMetrics} object of their own: at L the results hold ~490,000 of them, and every
 * object the results keep is one more for each young collection to copy. {@link #metrics()}
 * makes the record on read.
 */
abstract class Measured {

    private final double latencyMs, jitterMs, lossPercent, residualLossPercent, cost;
    private final Double bandwidthMbps, usableBandwidthMbps;
    private final int hops;

    Measured(PathMetrics m) {
        latencyMs = m.latencyMs();
        jitterMs = m.jitterMs();
        lossPercent = m.lossPercent();
        residualLossPercent = m.residualLossPercent();
        bandwidthMbps = m.bandwidthMbps();
        usableBandwidthMbps = m.usableBandwidthMbps();
        cost = m.cost();
        hops = m.hops();
    }

    /** What the path is predicted to deliver (a new record on each read, equal each time). */
    public PathMetrics metrics() {
        return new PathMetrics(latencyMs, jitterMs, lossPercent, residualLossPercent, bandwidthMbps, usableBandwidthMbps, cost, hops);
    }

    /** Whether the other holds the same metrics ({@link PathMetrics#equals} of both, without making them). */
    final boolean sameMetrics(Measured o) {
        return Double.compare(latencyMs, o.latencyMs) == 0 && Double.compare(jitterMs, o.jitterMs) == 0
                && Double.compare(lossPercent, o.lossPercent) == 0 && Double.compare(residualLossPercent, o.residualLossPercent) == 0
                && java.util.Objects.equals(bandwidthMbps, o.bandwidthMbps) && java.util.Objects.equals(usableBandwidthMbps, o.usableBandwidthMbps)
                && Double.compare(cost, o.cost) == 0 && hops == o.hops;
    }
}
