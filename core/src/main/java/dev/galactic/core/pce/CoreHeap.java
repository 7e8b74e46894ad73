package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * Priority queue of core nodes keyed by (d1, d2, node). The node index as the last key makes
 * pop order a function of the labels alone, never of insertion history, so both kinds below
 * pop in the same order. Reused across searches to keep the hot loop allocation-free.
 *
 * <p>Sparse cores get an indexed binary heap. Dense cores (a full mesh: every settled node
 * improves many labels) get an unordered list scanned for the minimum: a decrease is then
 * free, and in a full mesh of 200 cores decreases outnumber pops many times over, so the
 * heap's sifting cost more than the scans do.
 */
final class CoreHeap {

    private final int[] heap;
    private final int[] pos; // heap: -1 never inserted, -2 settled, else the slot; list: the same
    private final boolean scan;
    /** Scanned list only: each slot's labels, copied on insert or decrease, so a scan reads two dense arrays. */
    private final double[] k1;
    private final double[] k2;
    private int size;
    private double[] d1;
    private double[] d2;

    CoreHeap(int capacity) { this(capacity, false); }

    /** @param scan an unordered list scanned on every pop instead of a heap (for dense cores) */
    CoreHeap(int capacity, boolean scan) {
        heap = new int[Math.max(1, capacity)];
        pos = new int[Math.max(1, capacity)];
        this.scan = scan;
        k1 = scan ? new double[heap.length] : null;
        k2 = scan ? new double[heap.length] : null;
    }

    /** The kind that suits the network's core: the scanned list when at least a quarter of all core pairs are linked. */
    static CoreHeap of(Network g) { return new CoreHeap(g.coreCount(), g.denseCore()); }

    void reset(double[] d1, double[] d2) {
        this.d1 = d1;
        this.d2 = d2;
        size = 0;
        Arrays.fill(pos, -1);
    }

    boolean isEmpty() { return size == 0; }

    boolean isSettled(int v) { return pos[v] == -2; }

    void insertOrDecrease(int v) {
        int i = pos[v];
        if (i == -1) {
            i = size++;
            heap[i] = v;
            pos[v] = i;
        }
        if (scan) {
            k1[i] = d1[v];
            k2[i] = d2[v];
        } else {
            siftUp(i);
        }
    }

    int pollMin() {
        if (scan) return pollScanned();
        int top = heap[0];
        pos[top] = -2;
        size--;
        if (size > 0) {
            heap[0] = heap[size];
            pos[heap[0]] = 0;
            siftDown(0);
        }
        return top;
    }

    /** The least (d1, d2, node) of the list, swapped out with the last slot. */
    private int pollScanned() {
        int best = 0;
        double b1 = k1[0], b2 = k2[0];
        for (int i = 1; i < size; i++) {
            double x1 = k1[i];
            if (x1 > b1) continue;
            if (x1 < b1 || k2[i] < b2 || (k2[i] == b2 && heap[i] < heap[best])) {
                best = i;
                b1 = x1;
                b2 = k2[i];
            }
        }
        int top = heap[best];
        pos[top] = -2;
        size--;
        if (best != size) {
            heap[best] = heap[size];
            k1[best] = k1[size];
            k2[best] = k2[size];
            pos[heap[best]] = best;
        }
        return top;
    }

    private boolean less(int a, int b) {
        if (d1[a] != d1[b]) return d1[a] < d1[b];
        if (d2[a] != d2[b]) return d2[a] < d2[b];
        return a < b;
    }

    private void siftUp(int i) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (!less(v, p)) break;
            heap[i] = p;
            pos[p] = i;
            i = parent;
        }
        heap[i] = v;
        pos[v] = i;
    }

    private void siftDown(int i) {
        int v = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && less(heap[c + 1], heap[c])) c++;
            if (!less(heap[c], v)) break;
            heap[i] = heap[c];
            pos[heap[i]] = i;
            i = c;
        }
        heap[i] = v;
        pos[v] = i;
    }
}
