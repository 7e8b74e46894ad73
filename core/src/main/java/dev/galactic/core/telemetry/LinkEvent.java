package dev.galactic.core.telemetry;

import java.util.Set;

/** A link-state change that passed the tracker's hysteresis; what the PCE reacts to. */
public sealed interface LinkEvent {

    LinkId link();

    /** The state after the change. */
    LinkState state();

    long atNanos();

    /** Up, degraded or down changed. Links start DOWN, so the first answered probe gives DOWN -> UP. */
    record StatusChanged(LinkId link, LinkStatus from, LinkStatus to, LinkState state, long atNanos)
            implements LinkEvent {
    }

    /** Metrics moved beyond hysteresis since the last reported state; {@code previous} is that state. */
    record MetricsChanged(LinkId link, Set<LinkMetric> metrics, LinkState previous, LinkState state, long atNanos)
            implements LinkEvent {
    }
}
