package dev.galactic.core.telemetry;

/** Why one node probes another; the policy picks probe types per relation. */
public enum ProbeRelation {
    /** Core to core: every core probes every other core. */
    CORE_MESH,
    /** Edge to one of the cores it has a link (WireGuard tunnel) to. */
    EDGE_UPLINK,
    /** Edge to an edge it shares a tenant VPC with: the baseline internet path between sites. */
    EDGE_PEER
}
