package dev.galactic.core.pce;

/**
 * What a path delivers: predicted by the PCE from its network's link figures
 * ({@link #evaluate}), or measured by the SLA monitor from telemetry's ({@link #measured}).
 *
 * <p>Composition along a path: latency and cost add; loss composes as {@code 1 - prod(1 - p)};
 * bandwidth is the minimum. Jitter composes as the square root of the sum of squares: per-link
 * delay variations are close to independent, so their variances add; a plain sum would assume
 * every link is at its worst in the same instant and reject good long paths. Because the
 * squares add, a jitter budget is still an additive constraint for the exact search.
 *
 * <p>A path that carries nothing (a segment is down or has no figures, or no route carries the
 * demand) is {@link #UNREACHABLE}, not a path with unknown figures: nothing arrives, so its
 * latency and jitter are infinite, its loss 100% and its bandwidth 0.
 *
 * @param latencyMs sum of link latencies
 * @param jitterMs sqrt of the sum of squared link jitter
 * @param lossPercent raw loss, percent
 * @param residualLossPercent loss after FEC, percent; equals lossPercent without FEC, and when
 *                            measured (probes see the underlay's raw loss)
 * @param bandwidthMbps bottleneck available bandwidth; null when no figure bounds it: predicted,
 *                      no link reports or declares a limit (unlimited); measured, some link's
 *                      bandwidth was never measured (unknown)
 * @param usableBandwidthMbps bottleneck bandwidth left for data after FEC overhead (null as for
 *                            bandwidthMbps); equals it when measured
 * @param cost sum of admin costs; NaN when measured, since cost is an inventory fact telemetry never sees
 * @param hops number of links
 */
public record PathMetrics(double latencyMs, double jitterMs, double lossPercent, double residualLossPercent,
                          Double bandwidthMbps, Double usableBandwidthMbps, double cost, int hops) {

    /** Both sites at one node: delivered there, over no link. */
    public static final PathMetrics LOCAL = new PathMetrics(0, 0, 0, 0, null, null, 0, 0);

    /** Nothing arrives. */
    public static final PathMetrics UNREACHABLE = measured(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 100, 0.0, 0);

    /** What telemetry's figures of a path's links compose to. */
    public static PathMetrics measured(double latencyMs, double jitterMs, double lossPercent, Double bandwidthMbps, int hops) {
        return new PathMetrics(latencyMs, jitterMs, lossPercent, lossPercent, bandwidthMbps, bandwidthMbps, Double.NaN, hops);
    }

    /** Whether anything arrives: false for {@link #UNREACHABLE}. */
    public boolean reachable() { return latencyMs < Double.POSITIVE_INFINITY; }

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
