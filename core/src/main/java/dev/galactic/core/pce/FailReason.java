package dev.galactic.core.pce;

/**
 * Why a demand's class is not met: why no path meets it (the PCE), or why the path in use breaks
 * it (the SLA monitor: a segment down or unmeasured, or a threshold broken). Failures are data,
 * not exceptions.
 */
public enum FailReason {
    /** An attachment names a node the network does not have, or a non-edge node. */
    UNKNOWN_NODE,
    /** An attachment's own edge node is excluded by the VPC (by name or country). */
    ENDPOINT_EXCLUDED,
    /** A must-include waypoint is unknown, not a core node, or itself excluded. */
    WAYPOINT_INVALID,
    /** No path at all, even ignoring the class: links are down or the network is partitioned. */
    NO_PATH,
    /** A path exists, but only through excluded nodes or countries. */
    EXCLUSIONS,
    LINK_DOWN,
    ZERO_LOSS,
    LOSS,
    FEC_RESIDUAL_LOSS,
    JITTER,
    LATENCY,
    BANDWIDTH,
    MAX_HOPS,
    /** Each limit alone can be met, but no path meets all of them together. */
    COMBINED_CONSTRAINTS,
    /** A fallback names a traffic class the tenant does not have. */
    UNKNOWN_CLASS,
    /**
     * The SLA monitor has no figures for a segment of the path in use, so it cannot hold the
     * path to its class. The PCE never reports it: it routes an unmeasured link on its inventory facts.
     */
    UNMEASURED
}
