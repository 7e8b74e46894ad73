package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the engine did ({@link Pce.Counter}), for benchmarks and metrics. Counted per thread,
 * since the full compute solves tenants on several threads and one shared array would have them
 * write the same cache lines for every demand; summed on read.
 */
final class Counters {

    private final List<long[]> blocks = new ArrayList<>();
    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(this::newBlock);

    void count(Pce.Counter c) { count(c, 1); }

    void count(Pce.Counter c, long n) { mine.get()[c.ordinal()] += n; }

    private synchronized long[] newBlock() {
        long[] block = new long[Pce.Counter.values().length];
        blocks.add(block);
        return block;
    }

    /** Counts since these counters were made. */
    synchronized SortedMap<Pce.Counter, Long> sums() {
        SortedMap<Pce.Counter, Long> out = new TreeMap<>();
        for (Pce.Counter c : Pce.Counter.values()) {
            long sum = 0;
            for (long[] block : blocks) sum += block[c.ordinal()];
            out.put(c, sum);
        }
        return out;
    }
}
