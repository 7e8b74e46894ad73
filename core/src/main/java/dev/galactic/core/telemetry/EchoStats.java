package dev.galactic.core.telemetry;

/**
 * One probe type's view of a link over the window.
 *
 * @param rtt null when no reply arrived in the window
 * @param jitterNanos RFC 3550 estimate over the latest replies (not windowed: it is already a
 *                    smoothed running value)
 * @param lastSampleAt epoch nanos of the newest sample, null if none ever
 * @param lastReplyAt epoch nanos of the newest answered probe, null if none ever
 * @param recentRttNanos the low quarter of the newest eight replies' RTTs (not windowed), 0 before any
 * @param lostInARow probes reported lost since the last reply
 */
public record EchoStats(long replies, long lost, long reordered, RttSummary rtt, double jitterNanos,
                        Long lastSampleAt, Long lastReplyAt, long recentRttNanos, int lostInARow) {

    public long samples() { return replies + lost; }

    /** Percent of probes in the window that went unanswered, 0..100. */
    public double lossPercent() {
        long n = samples();
        return n == 0 ? 0 : 100.0 * lost / n;
    }

    public boolean freshAt(long nowNanos, long stalenessNanos) {
        return lastReplyAt != null && nowNanos - lastReplyAt <= stalenessNanos;
    }
}
