package dev.galactic.core.telemetry;

import java.util.Arrays;

/**
 * Counts of non-negative values in log-linear buckets, as HdrHistogram lays them out: values
 * below {@code 2^p} get a bucket each (exact); above, every power of two is split into
 * {@code 2^p} equal buckets, where p is the precision in bits.
 *
 * <p>Accuracy: a value v is reported as the midpoint of its bucket, at most
 * {@code v / 2^(p+1)} away (1.6% for p = 5, 3.1% for p = 4). Values at or above
 * {@code 2^maxBits} land in the last bucket. Memory: {@code (maxBits - p + 1) * 2^p} ints.
 * Recording is O(1) and allocation-free.
 */
final class LogHistogram {

    private final int precisionBits;
    private final int maxBits;
    private final int[] counts;
    private long total;

    LogHistogram(int precisionBits, int maxBits) {
        if (precisionBits < 1 || precisionBits > 10 || maxBits <= precisionBits || maxBits > 62) {
            throw new IllegalArgumentException("precision " + precisionBits + " bits, range " + maxBits + " bits");
        }
        this.precisionBits = precisionBits;
        this.maxBits = maxBits;
        this.counts = new int[bucketCount(precisionBits, maxBits)];
    }

    static int bucketCount(int precisionBits, int maxBits) {
        return (maxBits - precisionBits + 1) << precisionBits;
    }

    int bucketCount() { return counts.length; }

    long total() { return total; }

    void record(long value) {
        counts[indexOf(value)]++;
        total++;
    }

    void clear() {
        Arrays.fill(counts, 0);
        total = 0;
    }

    /** Adds this histogram's counts into {@code into}, which must have the same layout. */
    void addTo(long[] into) {
        for (int i = 0; i < counts.length; i++) {
            into[i] += counts[i];
        }
    }

    int indexOf(long value) {
        if (value < (1L << precisionBits)) {
            return (int) Math.max(value, 0);
        }
        if (value >= (1L << maxBits)) {
            return counts.length - 1;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - precisionBits;
        return ((shift + 1) << precisionBits) + (int) ((value >>> shift) - (1L << precisionBits));
    }

    long lowerBound(int index) {
        int block = index >>> precisionBits;
        long sub = index & ((1L << precisionBits) - 1);
        if (block == 0) {
            return sub;
        }
        int shift = block - 1;
        return ((1L << precisionBits) + sub) << shift;
    }

    long width(int index) {
        int block = index >>> precisionBits;
        return block == 0 ? 1 : 1L << (block - 1);
    }

    /** The bucket midpoint; width-one buckets hold exactly one value, reported as itself. */
    long representative(int index) {
        return lowerBound(index) + width(index) / 2;
    }

    /**
     * Nearest-rank quantiles (for each q, the smallest recorded value with at least
     * {@code ceil(q * n)} values at or below it) of merged counts, as bucket representatives,
     * in one pass over the buckets. {@code qs} must be ascending.
     */
    static long[] quantiles(LogHistogram layout, long[] merged, long n, double... qs) {
        if (n == 0) {
            throw new IllegalStateException("no values");
        }
        long[] out = new long[qs.length];
        int next = 0;
        long seen = 0;
        for (int i = 0; i < merged.length && next < qs.length; i++) {
            seen += merged[i];
            while (next < qs.length && seen >= Math.max(1, (long) Math.ceil(qs[next] * n))) {
                out[next++] = layout.representative(i);
            }
        }
        while (next < qs.length) {
            out[next++] = layout.representative(merged.length - 1);
        }
        return out;
    }
}
