package dev.galactic.core.telemetry;

/** Why ingest refused a batch or a sample; one counter per reason. */
public enum RejectReason {
    /** The batch's agent is not a registered node. */
    UNKNOWN_AGENT,
    /** The batch sequence is not above the last accepted one: a replay or a duplicate. */
    REPLAYED_BATCH,
    BATCH_TOO_LARGE,
    /** The agent sent more samples than its budget allows (see {@link RateLimit}). */
    RATE_LIMITED,
    /** A field is missing, or an echo claims to be an iperf3 result: what a broken or hostile encoder sends. */
    MALFORMED,
    /** A sample names a node that is not registered. */
    UNKNOWN_NODE,
    /** A sample claims to come from another node than the agent that sent it. */
    FOREIGN_SOURCE,
    SELF_LINK,
    NEGATIVE_RTT,
    RTT_TOO_LARGE,
    LOSS_OUT_OF_RANGE,
    BANDWIDTH_OUT_OF_RANGE,
    FUTURE_TIMESTAMP,
    STALE_TIMESTAMP
}
