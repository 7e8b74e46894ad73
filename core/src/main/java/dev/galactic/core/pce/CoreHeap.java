package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * Indexed binary min-heap of core nodes keyed by (d1, d2, node). The node index as the last
 * key makes pop order a function of the labels alone, never of insertion history.
 * Reused across searches to keep the hot loop allocation-free.
 */
final class CoreHeap {

    private final int[] heap;
    private final int[] pos; // -1 never inserted, -2 settled
    private int size;
    private double[] d1;
    private double[] d2;

    CoreHeap(int capacity) {
        heap = new int[Math.max(1, capacity)];
        pos = new int[Math.max(1, capacity)];
    }

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
        siftUp(i);
    }

    int pollMin() {
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
