package dev.galactic.lab.emu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Copies frames (or datagrams) in one direction, from one {@link Port} to another, on its own platform
 * thread. Each frame is read into a preallocated native slot, stamped with its release time
 * and kept in a min-heap keyed by (release time, arrival order); the same thread writes it out
 * once due. One thread per direction means no locks on the frame path, no allocation per frame,
 * and frames keep their order whenever the delay is constant (jitter 0).
 */
final class FramePump implements Runnable {

    /** Largest frame: lab MTUs stay at or below 2000 bytes (1980 is the largest the lab uses) plus Ethernet header. */
    static final int SLOT_BYTES = 2048;
    /** Frames in flight per direction: 500 Mbit/s for 50 ms is about 2100 full-size frames. */
    static final int SLOTS = 4096;
    /** Slots are allocated in chunks as traffic needs them: an idle link costs 512 KiB, not 8 MiB. */
    private static final int CHUNK = 256;
    private static final int BURST = 64;
    /** How often an idle pump checks whether it should stop. */
    private static final long IDLE_POLL_NANOS = 100_000_000L;

    private final String name;
    private final Port from;
    private final Port to;
    private final SplittableRandom random;
    private volatile Impairment impairment;
    private volatile boolean running = true;

    // counters: written by the pump thread only, read by anyone
    private volatile long received;
    private volatile long sent;
    private volatile long lost;
    private volatile long overflowed;
    private volatile long errors;

    private final MemorySegment[] slot = new MemorySegment[SLOTS];
    private final int[] length = new int[SLOTS];
    private final long[] releaseAt = new long[SLOTS];
    private final long[] order = new long[SLOTS];
    private final int[] free = new int[SLOTS];
    private int freeCount;
    private int capacity;
    private final int[] heap = new int[SLOTS];
    private final Arena arena;
    /** Where frames that find the queue full are read to and forgotten. */
    private final MemorySegment scratch;
    private int heapSize;
    private long arrivals;

    FramePump(String name, Port from, Port to, Impairment impairment, Arena arena, long seed) {
        this.name = name;
        this.from = from;
        this.to = to;
        this.impairment = impairment;
        this.random = new SplittableRandom(seed);
        this.arena = arena;
        this.scratch = arena.allocate(SLOT_BYTES);
        grow();
    }

    /** Adds CHUNK slots to the pool; returns false at the SLOTS limit. */
    private boolean grow() {
        if (capacity == SLOTS) return false;
        MemorySegment chunk = arena.allocate((long) SLOT_BYTES * CHUNK, 64);
        for (int i = 0; i < CHUNK; i++) {
            slot[capacity + i] = chunk.asSlice((long) i * SLOT_BYTES, SLOT_BYTES);
            free[freeCount++] = capacity + i;
        }
        capacity += CHUNK;
        return true;
    }

    void impair(Impairment i) { impairment = i; }

    Impairment impairment() { return impairment; }

    void stop() { running = false; }

    String name() { return name; }

    LinkStats.Direction stats() {
        return new LinkStats.Direction(received, sent, lost, overflowed, errors, heapSize);
    }

    @Override
    public void run() {
        MemorySegment err = Libc.errnoSlot(arena);
        MemorySegment pollfd = Libc.pollScratch(arena);
        int inFd = from.fd();
        while (running) {
            long now = System.nanoTime();
            releaseDue(now, err);
            long timeout = heapSize == 0 ? IDLE_POLL_NANOS : Math.min(IDLE_POLL_NANOS, releaseAt[heap[0]] - now);
            int ready = Libc.pollIn(err, pollfd, inFd, timeout);
            if (ready < 0) {
                if (Libc.errno(err) != Libc.EINTR) errors++;
                continue;
            }
            if (ready == 0) continue;
            // drain a burst: each read after a positive poll must not block, so poll again with 0
            for (int n = 0; n < BURST && running; n++) {
                if (n > 0 && Libc.pollIn(err, pollfd, inFd, 0) <= 0) break;
                accept(err);
            }
        }
    }

    private void accept(MemorySegment err) {
        if (freeCount == 0 && !grow()) {
            // queue full: take the frame off the device and drop it (tail drop, like a full router queue)
            from.receive(err, scratch, SLOT_BYTES);
            overflowed++;
            return;
        }
        int s = free[--freeCount];
        long n = from.receive(err, slot[s], SLOT_BYTES);
        if (n <= 0) {
            free[freeCount++] = s;
            if (n < 0 && Libc.errno(err) != Libc.EAGAIN && Libc.errno(err) != Libc.EINTR) errors++;
            return;
        }
        received++;
        Impairment imp = impairment;
        if (imp.lossPercent() > 0 && random.nextDouble() < imp.lossFraction()) {
            lost++;
            free[freeCount++] = s;
            return;
        }
        long delay = imp.delayNanos();
        long jitter = imp.jitterNanos();
        if (jitter > 0) delay = Math.max(0, delay + random.nextLong(-jitter, jitter + 1));
        length[s] = (int) n;
        releaseAt[s] = System.nanoTime() + delay;
        order[s] = arrivals++;
        push(s);
    }

    private void releaseDue(long now, MemorySegment err) {
        while (heapSize > 0 && releaseAt[heap[0]] - now <= 0) {
            int s = pop();
            long w = to.send(err, slot[s], length[s]);
            if (w == length[s]) sent++;
            else errors++; // e.g. the far device is down: the frame is lost, as on a wire
            free[freeCount++] = s;
        }
    }

    // ---- binary min-heap of slot numbers keyed by (releaseAt, order)

    private boolean before(int x, int y) {
        long d = releaseAt[x] - releaseAt[y];
        return d < 0 || (d == 0 && order[x] < order[y]);
    }

    private void push(int s) {
        int i = heapSize++;
        heap[i] = s;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(heap[i], heap[parent])) break;
            swap(i, parent);
            i = parent;
        }
    }

    private int pop() {
        int top = heap[0];
        heap[0] = heap[--heapSize];
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < heapSize && before(heap[l], heap[m])) m = l;
            if (r < heapSize && before(heap[r], heap[m])) m = r;
            if (m == i) break;
            swap(i, m);
            i = m;
        }
        return top;
    }

    private void swap(int i, int j) {
        int t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
