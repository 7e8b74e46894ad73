package dev.galactic.core.telemetry;

import java.util.Set;

/** A link-state change that passed the tracker's hysteresis; what the PCE reacts to. */
public sealed interface LinkEvent {

    LinkId link();

    /** The state after the change. */
    LinkState state();

    long atNanos();

    /** What changed, in words an operator reads in a path.change event: the cause, not just the state. */
    default String cause() {
        LinkState s = state();
        return switch (this) {
            case StatusChanged c -> "link " + link() + " went " + c.from().name().toLowerCase(java.util.Locale.ROOT) + " → "
                    + c.to().name().toLowerCase(java.util.Locale.ROOT) + String.format(java.util.Locale.ROOT, " (%.1f ms, loss %.1f%%)", s.latencyMs(), s.lossPercent());
            case MetricsChanged m -> {
                StringBuilder b = new StringBuilder("link ").append(link());
                String sep = ": ";
                for (LinkMetric metric : LinkMetric.values()) {
                    if (!m.metrics().contains(metric)) continue;
                    LinkState p = m.previous();
                    b.append(sep).append(switch (metric) {
                        case LATENCY -> String.format(java.util.Locale.ROOT, "latency %.1f → %.1f ms", p.latencyMs(), s.latencyMs());
                        case JITTER -> String.format(java.util.Locale.ROOT, "jitter %.1f → %.1f ms", p.jitterMs(), s.jitterMs());
                        case LOSS -> String.format(java.util.Locale.ROOT, "loss %.1f%% → %.1f%%", p.lossPercent(), s.lossPercent());
                        case BANDWIDTH -> "bandwidth " + mbps(p.availableBandwidthMbps()) + " → " + mbps(s.availableBandwidthMbps());
                    });
                    sep = ", ";
                }
                yield b.toString();
            }
        };
    }

    private static String mbps(Double v) {
        return v == null ? "unmeasured" : String.format(java.util.Locale.ROOT, "%.0f Mbit/s", v);
    }

    /** Up, degraded or down changed. Links start DOWN, so the first answered probe gives DOWN -> UP. */
    record StatusChanged(LinkId link, LinkStatus from, LinkStatus to, LinkState state, long atNanos)
            implements LinkEvent {
    }

    /** Metrics moved beyond hysteresis since the last reported state; {@code previous} is that state. */
    record MetricsChanged(LinkId link, Set<LinkMetric> metrics, LinkState previous, LinkState state, long atNanos)
            implements LinkEvent {
    }
}
