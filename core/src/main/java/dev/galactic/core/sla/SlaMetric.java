package dev.galactic.core.sla;

/** What a breach is about. REACHABILITY: a segment is down or was never measured. */
public enum SlaMetric { LATENCY, JITTER, LOSS, BANDWIDTH, REACHABILITY }
