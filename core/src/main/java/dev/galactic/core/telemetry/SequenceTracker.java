package dev.galactic.core.telemetry;

/**
 * Loss, duplicates and reordering from the sequence numbers of received UDP probes, in the
 * manner of RFC 3550 appendix A.3: expected = highest - first + 1, lost = expected - received.
 * A packet whose sequence is below the highest seen so far arrived out of order.
 *
 * <p>Duplicates are found with a sliding bitmap of the last {@value #HISTORY} sequence numbers;
 * a repeat older than that is counted as reordered, not duplicate, which keeps memory fixed.
 * Sequence numbers are longs and never wrap in practice.
 */
public final class SequenceTracker {

    static final int HISTORY = 1024;

    private final long[] seen = new long[HISTORY / 64];
    private long first;
    private long highest;
    private long received;
    private long duplicates;
    private long reordered;
    private boolean started;

    /** Records one arrival. */
    public void receive(long sequence) {
        if (!started) {
            started = true;
            first = highest = sequence;
            mark(sequence);
            received = 1;
            return;
        }
        if (sequence > highest) {
            clearBetween(highest + 1, sequence);
            highest = sequence;
            mark(sequence);
            received++;
        } else if (highest - sequence < HISTORY && sequence >= first && isMarked(sequence)) {
            duplicates++;
        } else {
            if (sequence < first) {
                first = sequence;
            }
            if (highest - sequence < HISTORY) {
                mark(sequence);
            }
            reordered++;
            received++;
        }
    }

    public long received() { return received; }

    public long duplicates() { return duplicates; }

    /** Arrivals with a sequence below the highest already seen. */
    public long reordered() { return reordered; }

    public long expected() { return started ? highest - first + 1 : 0; }

    /** Never negative: late duplicates beyond the history could otherwise push it below zero. */
    public long lost() { return Math.max(0, expected() - received); }

    public double lossFraction() {
        long e = expected();
        return e == 0 ? 0 : (double) lost() / e;
    }

    private void clearBetween(long fromInclusive, long toInclusive) {
        if (toInclusive - fromInclusive >= HISTORY) {
            java.util.Arrays.fill(seen, 0L);
            return;
        }
        for (long s = fromInclusive; s <= toInclusive; s++) {
            int bit = (int) Math.floorMod(s, (long) HISTORY);
            seen[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    private void mark(long sequence) {
        int bit = (int) Math.floorMod(sequence, (long) HISTORY);
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private boolean isMarked(long sequence) {
        int bit = (int) Math.floorMod(sequence, (long) HISTORY);
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
