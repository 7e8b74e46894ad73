package dev.galactic.core.pce;

/**
 * How a path's value follows from its links' values. Every search here is on one of these two
 * kinds, lower being better: what a search computes over a path is the metric applied along it.
 */
enum Metric {
    /**
     * The sum of the links' values: latency, admin cost, hops, jitter squared (jitter composes as
     * a root sum of squares) and loss as {@code -ln(1 - p)} (survival multiplies, so its
     * logarithm adds). Label-setting is exact for these, and so are the tree repairs.
     */
    ADDITIVE,
    /**
     * The worst link's value: bandwidth, whose path value is its bottleneck. Searched as minus
     * the width, so the widest path has the least value, the largest of its links'.
     */
    CONCAVE;

    /** The value of a path of no links. */
    double empty() { return this == CONCAVE ? Double.NEGATIVE_INFINITY : 0; }

    /** A path's value extended by one more link's. */
    double extend(double path, double link) { return this == CONCAVE ? Math.max(path, link) : path + link; }
}
