package dev.galactic.core.pce;

/** What a class minimises along a path, as a lexicographic pair (primary, then secondary). */
public enum Objective {
    /** Admin cost, ties broken by latency. */
    COST,
    /** Latency, ties broken by admin cost. */
    LATENCY,
    /**
     * Widest bottleneck first, then latency. Bottleneck-then-additive is not isotonic, so it is
     * solved in two exact phases: widest bottleneck W*, then lowest latency over links >= W*.
     */
    WIDEST;

    double primary(Network g, int l) {
        return switch (this) {
            case COST -> g.cost(l);
            case LATENCY -> g.latencyMs(l);
            case WIDEST -> -g.bandwidthMbps(l);
        };
    }

    double secondary(Network g, int l) {
        return switch (this) {
            case COST -> g.latencyMs(l);
            case LATENCY -> g.cost(l);
            case WIDEST -> g.latencyMs(l);
        };
    }

    /** How the primary value composes along a path (the secondary always adds). */
    Metric metric() { return this == WIDEST ? Metric.CONCAVE : Metric.ADDITIVE; }

    /** The additive objective used once the width is fixed (or for diagnosis). */
    Objective additive() { return this == WIDEST ? LATENCY : this; }
}
