package dev.galactic.core.pce;

/**
 * Whether a path meets a class's budgets (latency, jitter, loss after FEC, hops). Limits get a
 * relative slack of 1e-9 and an absolute one of 1e-12, so that a path exactly at a limit,
 * whose sums may round either way, is not refused.
 */
final class Feasibility {

    private Feasibility() {}

    /**
     * {@link #meets(PathMetrics, TrafficClass, int)} of the path's metrics, without building
     * them: the same sums and products in the same order, so the same verdict, and none of the
     * allocation that checking every candidate would cost.
     */
    static boolean meets(Network g, int[] links, TrafficClass cls, int maxHops) {
        return meets(g, links, links.length, cls, maxHops);
    }

    /** {@link #meets(Network, int[], TrafficClass, int)} of the path in the first {@code n} slots of {@code links}. */
    static boolean meets(Network g, int[] links, int n, TrafficClass cls, int maxHops) {
        double lat = 0, jit2 = 0, residualSurvive = 1;
        for (int i = 0; i < n; i++) {
            int l = links[i];
            lat += g.latencyMs(l);
            jit2 += g.jitterMs(l) * g.jitterMs(l);
            residualSurvive *= 1 - cls.effectiveLoss(g, l);
        }
        double residualLossPercent = (1 - residualSurvive) * 100;
        return lat <= slack(cls.maxLatencyMs()) && Math.sqrt(jit2) <= slack(cls.maxJitterMs())
                && residualLossPercent / 100 <= slack(cls.maxLoss()) && (maxHops <= 0 || n <= maxHops);
    }

    static boolean meets(PathMetrics m, TrafficClass cls, int maxHops) {
        return m.latencyMs() <= slack(cls.maxLatencyMs()) && m.jitterMs() <= slack(cls.maxJitterMs())
                && m.residualLossPercent() / 100 <= slack(cls.maxLoss()) && (maxHops <= 0 || m.hops() <= maxHops);
    }

    /** A limit with its slack; no limit stays none. */
    static double slack(double limit) {
        return limit == Double.POSITIVE_INFINITY ? limit : limit * (1 + 1e-9) + 1e-12;
    }
}
