package dev.galactic.core.telemetry;

/**
 * Sliding-window summary of one probe type on one link: RTT percentiles, loss, reordering,
 * RFC 3550 jitter and freshness. Recording is O(1) and allocation-free; reusing a slot clears it,
 * which costs one pass over its histogram once per slot duration.
 *
 * <p>Samples older than the window, or older than the slot they map to now holds, are ignored:
 * their time has been summarised already.
 */
final class EchoWindow {

    private static final long NONE = Long.MIN_VALUE;
    /** How many of the newest replies make the recent RTT: 8 probes, under a second at 100 ms. */
    static final int RECENT = 8;

    private final WindowConfig config;
    private final long slotNanos;
    private final long[] slotEpoch;
    private final LogHistogram[] rtt;
    private final long[] lost;
    private final long[] reordered;
    private final long[] minRtt;
    private final long[] maxRtt;
    private final long[] merged;
    private final JitterEstimator jitter = new JitterEstimator();
    /** The newest replies' RTTs (ring), for a latency that follows a change within a second. */
    private final long[] recent = new long[RECENT];
    private final long[] sorted = new long[RECENT];
    private int recentCount;
    private int recentNext;
    /** Probes lost since the last reply: a run of them is a dead link, long before it goes stale. */
    private int lostInARow;
    private long highestSequence = NONE;
    private long lastSampleAt = NONE;
    private long lastReplyAt = NONE;

    EchoWindow(WindowConfig config) {
        this.config = config;
        this.slotNanos = config.slotNanos();
        int n = config.slots();
        slotEpoch = new long[n];
        java.util.Arrays.fill(slotEpoch, NONE);
        rtt = new LogHistogram[n];
        for (int i = 0; i < n; i++) {
            rtt[i] = new LogHistogram(config.precisionBits(), WindowConfig.RTT_RANGE_BITS);
        }
        lost = new long[n];
        reordered = new long[n];
        minRtt = new long[n];
        maxRtt = new long[n];
        merged = new long[rtt[0].bucketCount()];
    }

    void record(Sample.Echo s) {
        long t = s.timestampNanos();
        lastSampleAt = Math.max(lastSampleAt, t);
        long epoch = Math.floorDiv(t, slotNanos);
        int i = (int) Math.floorMod(epoch, (long) slotEpoch.length);
        if (slotEpoch[i] != epoch) {
            if (slotEpoch[i] != NONE && slotEpoch[i] > epoch) {
                return;
            }
            resetSlot(i, epoch);
        }
        if (s.lost()) {
            lost[i]++;
            lostInARow++;
            return;
        }
        lostInARow = 0;
        recent[recentNext] = s.rttNanos();
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
        lastReplyAt = Math.max(lastReplyAt, t);
        if (highestSequence != NONE && s.sequence() < highestSequence) {
            reordered[i]++;
        } else {
            highestSequence = s.sequence();
        }
        jitter.update(s.rttNanos());
        long us = s.rttNanos() / 1_000;
        rtt[i].record(us);
        minRtt[i] = Math.min(minRtt[i], us);
        maxRtt[i] = Math.max(maxRtt[i], us);
    }

    private void resetSlot(int i, long epoch) {
        slotEpoch[i] = epoch;
        rtt[i].clear();
        lost[i] = 0;
        reordered[i] = 0;
        minRtt[i] = Long.MAX_VALUE;
        maxRtt[i] = Long.MIN_VALUE;
    }

    /** The window ending in the slot that holds {@code nowNanos}. */
    EchoStats stats(long nowNanos) {
        long nowEpoch = Math.floorDiv(nowNanos, slotNanos);
        java.util.Arrays.fill(merged, 0);
        long replies = 0, lostCount = 0, reorderedCount = 0, min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < slotEpoch.length; i++) {
            if (!inWindow(i, nowEpoch)) {
                continue;
            }
            rtt[i].addTo(merged);
            replies += rtt[i].total();
            lostCount += lost[i];
            reorderedCount += reordered[i];
            if (rtt[i].total() > 0) {
                min = Math.min(min, minRtt[i]);
                max = Math.max(max, maxRtt[i]);
            }
        }
        RttSummary summary = null;
        if (replies > 0) {
            long[] q = LogHistogram.quantiles(rtt[0], merged, replies, 0.50, 0.95, 0.99);
            summary = new RttSummary(min * 1_000, clamp(q[0], min, max) * 1_000, clamp(q[1], min, max) * 1_000,
                    clamp(q[2], min, max) * 1_000, max * 1_000);
        }
        return new EchoStats(replies, lostCount, reorderedCount, summary, jitter.jitterNanos(),
                lastSampleAt == NONE ? null : lastSampleAt, lastReplyAt == NONE ? null : lastReplyAt,
                recentLow(), lostInARow);
    }

    /** Whether slot i holds part of the window that ends in slot epoch {@code nowEpoch}. */
    private boolean inWindow(int i, long nowEpoch) {
        long e = slotEpoch[i];
        return e != NONE && e <= nowEpoch && e > nowEpoch - slotEpoch.length;
    }

    /** Replies and lost probes in the window, as {@link #stats} counts them. */
    record Tally(long replies, long lost) {}

    /** {@link #stats}'s counts alone, without merging the RTT histograms. */
    Tally tally(long nowNanos) {
        long nowEpoch = Math.floorDiv(nowNanos, slotNanos);
        long replies = 0, lostCount = 0;
        for (int i = 0; i < slotEpoch.length; i++) {
            if (!inWindow(i, nowEpoch)) continue;
            replies += rtt[i].total();
            lostCount += lost[i];
        }
        return new Tally(replies, lostCount);
    }

    /** Whether a reply arrived within {@code stalenessNanos} of {@code nowNanos} (as {@link EchoStats#freshAt}). */
    boolean freshAt(long nowNanos, long stalenessNanos) {
        return lastReplyAt != NONE && nowNanos - lastReplyAt <= stalenessNanos;
    }

    /**
     * The low quarter of the newest replies (the third smallest of eight), 0 before any reply. A
     * queue or a busy CPU only ever adds time to a round trip, so the low end is the path's own
     * latency and noise cannot make two paths swap places; a path that really got slower shows it
     * once six of the newest eight replies carry the new delay.
     */
    private long recentLow() {
        if (recentCount == 0) return 0;
        System.arraycopy(recent, 0, sorted, 0, recentCount);
        java.util.Arrays.sort(sorted, 0, recentCount);
        return sorted[Math.min(2, recentCount - 1)];
    }

    /** The exact extremes are known, so a bucket midpoint outside them can be pulled in. */
    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    WindowConfig config() { return config; }
}
