package dev.galactic.core.pce;

/**
 * What a path is predicted to deliver.
 *
 * <p>Composition along a path: latency and cost add; loss composes as {@code 1 - prod(1 - p)};
 * bandwidth is the minimum. Jitter composes as the square root of the sum of squares: per-link
 * delay variations are close to independent, so their variances add; a plain sum would assume
 * every link is at its worst in the same instant and reject good long paths. Because the
 * squares add, a jitter budget is still an additive constraint for the exact search.
 *
 * @param latencyMs sum of link latencies
 * @param jitterMs sqrt of the sum of squared link jitter
 * @param lossPercent raw loss, percent
 * @param residualLossPercent loss after FEC, percent; equals lossPercent without FEC
 * @param bandwidthMbps bottleneck available bandwidth (null when no link reports a limit)
 * @param usableBandwidthMbps bottleneck bandwidth left for data after FEC overhead (null when unlimited)
 * @param cost sum of admin costs
 * @param hops number of links
 */
public record PathMetrics(double latencyMs, double jitterMs, double lossPercent, double residualLossPercent,
                          Double bandwidthMbps, Double usableBandwidthMbps, double cost, int hops) {

    public static final PathMetrics LOCAL = new PathMetrics(0, 0, 0, 0, null, null, 0, 0);

    /** Evaluates a path independently of how it was found. */
    public static PathMetrics evaluate(Network g, int[] links, TrafficClass cls) {
        double lat = 0, jit2 = 0, survive = 1, residualSurvive = 1, bw = Double.POSITIVE_INFINITY,
                usable = Double.POSITIVE_INFINITY, cost = 0;
        int narrowest = -1; // the first link with the least bandwidth
        for (int l : links) {
            lat += g.latencyMs(l);
            jit2 += g.jitterMs(l) * g.jitterMs(l);
            survive *= 1 - g.lossFraction(l);
            residualSurvive *= 1 - cls.effectiveLoss(g, l);
            double b = g.bandwidthMbps(l);
            if (b < bw) {
                bw = b;
                narrowest = l;
            }
            usable = Math.min(usable, cls.usableBandwidth(g, l));
            cost += g.cost(l);
        }
        // The bottleneck as the network's shared box of the link that sets it: results keep two
        // boxed bandwidths per path (about 1 million Doubles at L), mostly the same few link
        // values; without FEC the usable bandwidth is the same value and shares it too.
        Double bwBox = Double.isInfinite(bw) ? null : g.bandwidthBox(narrowest);
        Double usableBox = Double.isInfinite(usable) ? null : Double.compare(usable, bw) == 0 ? bwBox : Double.valueOf(usable);
        return new PathMetrics(lat, Math.sqrt(jit2), (1 - survive) * 100, (1 - residualSurvive) * 100,
                bwBox, usableBox, cost, links.length);
    }

    /** Usable bandwidth with "unlimited" as infinity, for comparisons. */
    public double usableOrInfinity() { return usableBandwidthMbps == null ? Double.POSITIVE_INFINITY : usableBandwidthMbps; }
}
