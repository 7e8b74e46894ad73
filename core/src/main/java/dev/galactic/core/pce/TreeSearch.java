package dev.galactic.core.pce;

/**
 * The {@link PathSearch} with one label per core: Dijkstra over the core nodes with
 * lexicographic (primary, secondary) labels, the primary by the weights' metric (additive, or
 * concave for the widest trees) and the secondary additive. Edge nodes are never transit, so it
 * takes only links between cores.
 *
 * <p>The heap orders by (primary, secondary, node index) and a node keeps the first link, in
 * settle order then CSR order, that reaches its final label, so what it computes depends only on
 * the final labels (see {@link ShortestPathTree}).
 */
final class TreeSearch extends PathSearch {

    private final CoreHeap heap;
    private final Metric metric;
    /** Per link, the primary and secondary weights; a link whose primary is +inf is not taken. */
    private final double[] w1;
    private final double[] w2;
    /** Cores the search may not enter; null for none. */
    private final boolean[] closed;
    private final double[] d1;
    private final double[] d2;
    private final int[] pred;
    private final short[] hops;
    private double at1, at2, c1, c2;

    private TreeSearch(Network g, CoreHeap heap, Metric metric, double[] w1, double[] w2, boolean[] closed,
                       double[] d1, double[] d2, int[] pred, short[] hops) {
        super(g);
        this.heap = heap;
        this.metric = metric;
        this.w1 = w1;
        this.w2 = w2;
        this.closed = closed;
        this.d1 = d1;
        this.d2 = d2;
        this.pred = pred;
        this.hops = hops;
        heap.reset(d1, d2);
    }

    /**
     * A search under the weights over labels the caller has set: it finishes the labels of the
     * cores it is {@link #from started} from, never enters {@code closed} ones and records each
     * core's predecessor link and depth as it improves it.
     */
    static TreeSearch of(Network g, Weights w, boolean[] closed, double[] d1, double[] d2, int[] pred, short[] hops,
                         CoreHeap heap) {
        return new TreeSearch(g, heap, w.metric, w.w1, w.w2, closed, d1, d2, pred, hops);
    }

    /** Queues core v with the label the caller set. */
    TreeSearch from(int v) {
        heap.insertOrDecrease(v);
        return this;
    }

    @Override
    int next() {
        if (heap.isEmpty()) return -1;
        int u = heap.pollMin();
        at1 = d1[u];
        at2 = d2[u];
        return u;
    }

    @Override
    int node(int u) { return u; }

    @Override
    int linksEnd(int u) { return g.coreOutEnd(u); }

    @Override
    boolean prune(int u, int l) {
        int v = g.dst(l);
        return (closed != null && closed[v]) || heap.isSettled(v) || w1[l] == Double.POSITIVE_INFINITY;
    }

    @Override
    void relax(int u, int l) {
        c1 = metric.extend(at1, w1[l]);
        c2 = at2 + w2[l];
    }

    @Override
    boolean feasible(int u, int l) {
        int v = g.dst(l);
        return c1 < d1[v] || (c1 == d1[v] && c2 < d2[v]);
    }

    @Override
    void keep(int u, int l) {
        int v = g.dst(l);
        d1[v] = c1;
        d2[v] = c2;
        pred[v] = l;
        hops[v] = (short) (hops[u] + 1); // u is settled: its depth is final
        heap.insertOrDecrease(v);
    }
}
