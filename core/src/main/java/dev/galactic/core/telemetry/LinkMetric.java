package dev.galactic.core.telemetry;

public enum LinkMetric { LATENCY, JITTER, LOSS, BANDWIDTH }
