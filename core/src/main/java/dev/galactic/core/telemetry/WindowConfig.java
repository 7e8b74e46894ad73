package dev.galactic.core.telemetry;

import java.time.Duration;

/**
 * Shape of the per-link sliding windows.
 *
 * <p>A window is a ring of {@code slots} time slots of {@code windowNanos / slots} each; a query
 * covers the current slot and the {@code slots - 1} before it, so the span actually summarised
 * lies between {@code window - slot} and {@code window}. Each slot holds a
 * {@link LogHistogram} of RTTs in microseconds with {@code precisionBits} of precision
 * (RTT percentiles within {@code 2^-(precisionBits+1)} relative, plus 1 microsecond from the
 * conversion) up to 2^26 us (67 s, above the validator's RTT limit).
 *
 * @param stalenessNanos a link whose last reply is older than this is down
 */
public record WindowConfig(long windowNanos, int slots, int precisionBits, long stalenessNanos) {

    static final int RTT_RANGE_BITS = 26;

    public static final WindowConfig DEFAULTS = new WindowConfig(Duration.ofSeconds(60).toNanos(), 6, 5,
            Duration.ofSeconds(5).toNanos());

    public WindowConfig {
        if (slots < 1 || windowNanos < slots || stalenessNanos <= 0) {
            throw new IllegalArgumentException("window " + windowNanos + " ns in " + slots + " slots, staleness "
                    + stalenessNanos + " ns");
        }
        new LogHistogram(precisionBits, RTT_RANGE_BITS); // validates the precision
    }

    public long slotNanos() { return windowNanos / slots; }

    /** Bytes of RTT histogram one probe type of one link holds, the dominant memory cost. */
    public long histogramBytesPerSeries() {
        return (long) slots * LogHistogram.bucketCount(precisionBits, RTT_RANGE_BITS) * Integer.BYTES;
    }

    /** Worst-case relative error of a reported RTT percentile, excluding the 1 us conversion. */
    public double relativeError() { return 1.0 / (1L << (precisionBits + 1)); }
}
