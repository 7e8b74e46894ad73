package dev.galactic.core.pce;

import java.util.Locale;

/**
 * Route stability: leave a path that breaks its class at once; move to a merely better path
 * only when the gain beats a margin, so small measurement noise does not make the network flap.
 * A pure function of the previous path and the current metrics.
 */
public final class Stability {

    public enum Choice { KEEP, SWITCH }

    /** Why: a broken previous path is left at once; a merely better candidate may wait (hold-down). */
    public enum Cause { NO_PREVIOUS, NO_CANDIDATE, PREVIOUS_GONE, PREVIOUS_BROKEN, CANDIDATE_BETTER, WITHIN_MARGIN }

    /** @param path the path to program: the previous one with fresh metrics, or the candidate */
    public record Decision(Choice choice, Path path, String reason, Cause cause) {}

    private Stability() {}

    /**
     * @param previous the path programmed now, or null
     * @param candidate the path the PCE computes as best now
     * @param maxHops the VPC's hop limit, 0 for none
     */
    public static Decision choose(Network g, TrafficClass cls, int maxHops, Path previous, Path candidate, dev.galactic.core.metric.Hysteresis h) {
        if (previous == null) return new Decision(Choice.SWITCH, candidate, "no previous path", Cause.NO_PREVIOUS);
        if (candidate == null) return new Decision(Choice.KEEP, reevaluated(g, cls, previous), "no candidate", Cause.NO_CANDIDATE);
        int[] links = resolve(g, previous);
        if (links == null) return new Decision(Choice.SWITCH, candidate, "previous path uses a link that no longer exists", Cause.PREVIOUS_GONE);
        for (int l : links) {
            FailReason broken = cls.firstBrokenFilter(g, l, 0);
            if (broken != null) {
                return new Decision(Choice.SWITCH, candidate, "previous path breaks " + broken + " on " + g.describeLink(l), Cause.PREVIOUS_BROKEN);
            }
        }
        PathMetrics now = PathMetrics.evaluate(g, links, cls);
        if (!Feasibility.meets(now, cls, maxHops)) {
            return new Decision(Choice.SWITCH, candidate, "previous path breaks the class: " + Explain.violation(g, cls, links, maxHops).detail(),
                    Cause.PREVIOUS_BROKEN);
        }
        double current = score(cls, now), better = score(cls, candidate.metrics());
        double gain = current - better;
        // a candidate must beat the current path by the margin in the class's objective (ms of latency, cost units, or Mbit/s of bottleneck)
        double margin = h.margin(current);
        String numbers = String.format(Locale.ROOT, "gain %.3f vs margin %.3f", gain, margin);
        return gain > margin
                ? new Decision(Choice.SWITCH, candidate, "candidate is better: " + numbers, Cause.CANDIDATE_BETTER)
                : new Decision(Choice.KEEP, withMetrics(previous, now, "kept for stability: " + numbers), "kept: " + numbers, Cause.WITHIN_MARGIN);
    }

    /** Lower is better: latency, cost, or minus the bottleneck bandwidth. */
    private static double score(TrafficClass cls, PathMetrics m) {
        return switch (cls.objective()) {
            case COST -> m.cost();
            case LATENCY -> m.latencyMs();
            case WIDEST -> m.bandwidthMbps() == null ? Double.NEGATIVE_INFINITY : -m.bandwidthMbps();
        };
    }

    /** The path with its metrics under the network as it is now (unchanged if a link is gone). */
    public static Path reevaluated(Network g, TrafficClass cls, Path p) {
        int[] links = resolve(g, p);
        return links == null ? p : withMetrics(p, PathMetrics.evaluate(g, links, cls), p.why());
    }

    private static Path withMetrics(Path p, PathMetrics m, String why) {
        return p.withMetrics(m, why);
    }

    private static int[] resolve(Network g, Path p) {
        int[] links = new int[p.links().size()];
        for (int i = 0; i < links.length; i++) {
            var l = g.findLink(p.links().get(i), p.nodes().get(i), p.nodes().get(i + 1));
            if (l.isEmpty()) return null;
            links[i] = l.get();
        }
        return links;
    }
}
