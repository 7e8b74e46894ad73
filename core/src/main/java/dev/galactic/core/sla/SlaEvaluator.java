package dev.galactic.core.sla;

import dev.galactic.core.model.TrafficClassSpec.Thresholds;
import dev.galactic.core.pce.Breach;
import dev.galactic.core.pce.FailReason;
import dev.galactic.core.pce.PathMetrics;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a path against a traffic class's thresholds.
 *
 * <p>Composition along the path: latency (one-way, see {@link LinkState}) adds; loss composes as
 * {@code 1 - prod(1 - p)}; bandwidth is the minimum. Jitter is the root of the sum of the
 * squares: jitter estimates the spread of delay, and spreads of independent links add as
 * variances. The plain sum would be the bound for fully correlated links and overstates typical
 * paths by up to sqrt(n).
 *
 * <p>A segment that is down or has no state makes the path unreachable: the violation then
 * names those segments only, since the other figures would merely repeat the outage.
 */
public final class SlaEvaluator {

    private SlaEvaluator() {
    }

    /**
     * Holds a computed path to its class with what telemetry measures now; null when there is no
     * verdict yet (a link of the path not measured, both sites on one edge, the class unknown).
     * A demand the PCE could not serve as asked is a violation whatever the figures: a path that
     * carries it anyway is measured like any other, and only an unserved pair is unreachable.
     *
     * @param cls the demand's traffic class, null when it is gone
     */
    public static SlaResult judge(dev.galactic.core.pce.PathResult r, Function<LinkId, LinkState> states,
                                  dev.galactic.core.model.TrafficClassSpec cls) {
        if (r.violation() != null) {
            boolean carried = r.primary() != null && r.primary().nodes().size() >= 2;
            PathRef ref = carried ? PathRef.of(r.primary().nodes()) : PathRef.of(List.of(r.from(), r.to()));
            PathMetrics measured = carried && ref.links().stream().allMatch(id -> states.apply(id) != null)
                    ? evaluate(ref, states, Thresholds.NONE).metrics()
                    : PathMetrics.UNREACHABLE;
            String carrier = r.servedBy() == null ? " (no route: nothing carries it)" : " (carried by " + r.servedBy() + ")";
            // The PCE's reason as it is. Its link is dropped: the monitor tells causes apart by
            // the measured segment to blame, and the link a prediction blames (named in the
            // detail) may move with every recomputation while the miss stays the same.
            Breach miss = r.violation();
            return new SlaResult.SlaViolation(ref, measured, List.of(new Breach(miss.reason(), null, miss.detail() + carrier)));
        }
        if (r.primary().nodes().size() < 2) return null; // delivered locally: nothing to measure
        PathRef ref = PathRef.of(r.primary().nodes());
        for (LinkId id : ref.links()) if (states.apply(id) == null) return null;
        return cls == null ? null : evaluate(ref, states, cls.thresholds());
    }

    /**
     * @param states the current state of a link, or null when there is none
     */
    public static SlaResult evaluate(PathRef path, Function<LinkId, LinkState> states, Thresholds limits) {
        List<LinkState> links = new ArrayList<>(path.links().size());
        List<Breach> down = new ArrayList<>();
        for (LinkId id : path.links()) {
            LinkState s = states.apply(id);
            if (s == null || !s.up()) {
                down.add(s == null ? new Breach(FailReason.UNMEASURED, id, "segment " + id + " has no measurements")
                        : new Breach(FailReason.LINK_DOWN, id, "segment " + id + " is down"));
            }
            links.add(s);
        }
        if (!down.isEmpty()) {
            return new SlaResult.SlaViolation(path, PathMetrics.UNREACHABLE, down);
        }
        PathMetrics m = compose(links);
        List<Breach> breaches = new ArrayList<>();
        if (limits.maxLatencyMs() != null && m.latencyMs() > limits.maxLatencyMs()) {
            breaches.add(additiveBreach(FailReason.LATENCY, "latency", " ms", m.latencyMs(), limits.maxLatencyMs(),
                    links, LinkState::latencyMs));
        }
        if (limits.maxJitterMs() != null && m.jitterMs() > limits.maxJitterMs()) {
            breaches.add(additiveBreach(FailReason.JITTER, "jitter", " ms", m.jitterMs(), limits.maxJitterMs(),
                    links, LinkState::jitterMs));
        }
        if (limits.maxLossPercent() != null && m.lossPercent() > limits.maxLossPercent()) {
            breaches.add(additiveBreach(FailReason.LOSS, "loss", "%", m.lossPercent(), limits.maxLossPercent(),
                    links, LinkState::lossPercent));
        }
        if (limits.minBandwidthMbps() != null) {
            Breach b = bandwidthBreach(m, limits.minBandwidthMbps(), links);
            if (b != null) {
                breaches.add(b);
            }
        }
        return breaches.isEmpty() ? new SlaResult.Compliant(path, m) : new SlaResult.SlaViolation(path, m, breaches);
    }

    /** Composes up links' figures; package-private for the property test. */
    static PathMetrics compose(List<LinkState> links) {
        double latency = 0, jitterSquares = 0, delivered = 1;
        Double bandwidth = Double.POSITIVE_INFINITY;
        for (LinkState s : links) {
            latency += s.latencyMs();
            jitterSquares += s.jitterMs() * s.jitterMs();
            delivered *= 1 - s.lossPercent() / 100;
            bandwidth = bandwidth == null || s.availableBandwidthMbps() == null ? null
                    : Math.min(bandwidth, s.availableBandwidthMbps());
        }
        return PathMetrics.measured(latency, Math.sqrt(jitterSquares), 100 * (1 - delivered), bandwidth, links.size());
    }

    /**
     * The segment with the largest share; the detail puts the blame on it alone when it breaks
     * the limit by itself, and on the path otherwise.
     */
    private static Breach additiveBreach(FailReason reason, String name, String unit, double actual, double limit,
                                         List<LinkState> links, java.util.function.ToDoubleFunction<LinkState> value) {
        LinkState worst = links.getFirst();
        for (LinkState s : links) {
            if (value.applyAsDouble(s) > value.applyAsDouble(worst)) {
                worst = s;
            }
        }
        double own = value.applyAsDouble(worst);
        String detail = own > limit
                ? name + " " + num(own) + unit + " > " + num(limit) + unit + " on segment " + worst.link()
                : name + " " + num(actual) + unit + " > " + num(limit) + unit + " along the path, worst segment "
                        + worst.link() + " (" + num(own) + unit + ")";
        return new Breach(reason, worst.link(), detail);
    }

    private static Breach bandwidthBreach(PathMetrics m, double limit, List<LinkState> links) {
        for (LinkState s : links) {
            if (s.availableBandwidthMbps() == null) {
                return new Breach(FailReason.BANDWIDTH, s.link(),
                        "bandwidth unmeasured on segment " + s.link() + " (class needs " + num(limit) + " Mbps)");
            }
        }
        if (m.bandwidthMbps() >= limit) {
            return null;
        }
        LinkState worst = links.getFirst();
        for (LinkState s : links) {
            if (s.availableBandwidthMbps() < worst.availableBandwidthMbps()) {
                worst = s;
            }
        }
        return new Breach(FailReason.BANDWIDTH, worst.link(),
                "bandwidth " + num(worst.availableBandwidthMbps()) + " Mbps < " + num(limit) + " Mbps on segment " + worst.link());
    }

    /** At most two decimals, no trailing zeros: 4.8, 1, 0.25. */
    static String num(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
