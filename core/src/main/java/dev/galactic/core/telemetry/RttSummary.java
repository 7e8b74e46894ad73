package dev.galactic.core.telemetry;

/**
 * Round-trip times over a window, nanoseconds. Min and max are exact (at microsecond
 * resolution); the percentiles carry the window's histogram error, see {@link WindowConfig}.
 */
public record RttSummary(long minNanos, long p50Nanos, long p95Nanos, long p99Nanos, long maxNanos) {
}
