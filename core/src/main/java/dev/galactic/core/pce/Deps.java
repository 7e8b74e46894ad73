package dev.galactic.core.pce;

import java.util.Arrays;

/**
 * What a tenant result read, so a change can tell whether it matters: once sealed, one
 * array holding the links read (sorted, distinct), then the cores whose trees or tree
 * entries it read, then its edges, then the ids of the forests it read.
 */
final class Deps {
    DemandGroup owner;
    /** The demand's place in result order (the engine's demands are fixed for its life). */
    int id;
    /** Its place in its group. */
    int index;
    /** The last update that collected this demand as a candidate (see {@link DependencyIndex}). */
    int seen;
    /** Set when an exact search ran: then any improvement anywhere in the view may matter. */
    boolean global;
    private boolean sealed;
    private int[] packed = NO_INTS;
    int linkCount, coreCount, edgeCount, forestCount;
    /** While the demand is being solved: the solving thread's record of what it reads. */
    private Reading reading;

    private static final int[] NO_INTS = new int[0];

    void useForest(Forest f) { reading.useForest(f); }

    /** A core whose tree, or whose entry in other trees, the result read. */
    void touchCore(int c) { reading.touchCore(c); }

    void touchEdge(int v) { if (v >= 0) reading.touchEdge(v); }

    /** Starts a solve: forgets what the last one read and records into the solving thread's {@code r}. */
    void reset(Reading r) {
        global = sealed = false;
        reading = r;
        r.clear();
    }

    /** A link whose metrics a result read directly, outside any tree: reported paths, scanned candidates. */
    void readLink(int l) { reading.links.add(l); }

    void readPath(int[] path) { readPath(path, path.length); }

    /** The path in the first {@code n} slots of {@code path}. */
    void readPath(int[] path, int n) { for (int i = 0; i < n; i++) readLink(path[i]); }

    /** Keeps what the solve read, the links sorted and deduped for binary search, once the result is complete. */
    void seal() {
        Reading r = reading;
        int nl = r.links.sortDistinct();
        int[] p = new int[nl + r.coreCount + r.edgeCount + r.forestCount];
        r.links.copyTo(p);
        System.arraycopy(r.cores, 0, p, nl, r.coreCount);
        System.arraycopy(r.edges, 0, p, nl + r.coreCount, r.edgeCount);
        for (int i = 0; i < r.forestCount; i++) p[nl + r.coreCount + r.edgeCount + i] = r.forests[i].id;
        packed = p;
        linkCount = nl;
        coreCount = r.coreCount;
        edgeCount = r.edgeCount;
        forestCount = r.forestCount;
        reading = null;
        sealed = true;
    }

    /** What this demand reads now, kept apart from its next solve (which replaces the packed array rather than writing into it). */
    Deps snapshot() {
        Deps s = new Deps();
        s.packed = packed;
        s.linkCount = linkCount;
        s.coreCount = coreCount;
        s.edgeCount = edgeCount;
        s.forestCount = forestCount;
        s.global = global;
        s.sealed = sealed;
        return s;
    }

    int link(int i) { return packed[i]; }

    int core(int i) { return packed[linkCount + i]; }

    int edge(int i) { return packed[linkCount + coreCount + i]; }

    int forestId(int i) { return packed[linkCount + coreCount + edgeCount + i]; }

    /**
     * Whether any path of this demand could use link l: both ends are cores the tenant may
     * cross, or one end is the demand's own site. Other tenants' edges are never transit.
     */
    private boolean canCarry(Network g, int l, TenantView view) {
        int u = g.src(l), v = g.dst(l);
        boolean uOk = (g.isCore(u) && !view.isBlockedCore(u)) || touchesEdge(u);
        boolean vOk = (g.isCore(v) && !view.isBlockedCore(v)) || touchesEdge(v);
        return uOk && vOk;
    }

    boolean touchesEdge(int v) {
        for (int i = 0; i < edgeCount; i++) if (edge(i) == v) return true;
        return false;
    }

    boolean readCore(int c) {
        for (int i = 0; i < coreCount; i++) if (core(i) == c) return true;
        return false;
    }

    boolean readForest(int id) {
        for (int i = 0; i < forestCount; i++) if (forestId(i) == id) return true;
        return false;
    }

    /**
     * An exact search's answer is the least feasible path in a total order (objective, then
     * link sequence). A link that only got worse and is not on any reported path can remove
     * feasible paths but never the least one, so such a change leaves it as it was; any
     * other change to the view may matter.
     *
     * @param trees where the forests it read say which of their trees' targets this update changed
     */
    boolean affectedBy(TreeCache trees, Network g, int l, boolean degradation, TenantView view) {
        if (!sealed) throw new IllegalStateException("dependencies not sealed");
        if (global && !degradation && canCarry(g, l, view)) return true;
        if (touchesEdge(g.src(l)) || touchesEdge(g.dst(l))) return true;
        if (Arrays.binarySearch(packed, 0, linkCount, l) >= 0) return true;
        for (int i = 0; i < forestCount; i++) {
            boolean[][] byTree = trees.forest(forestId(i)).changes;
            if (byTree == null) continue;
            for (int a = 0; a < coreCount; a++) {
                boolean[] changed = byTree[core(a)];
                if (changed == null) continue;
                for (int b = 0; b < coreCount; b++) if (changed[core(b)]) return true;
            }
        }
        return false;
    }

    /**
     * What a demand being solved reads, in its thread's scratch: sealed into the demand's
     * {@link Deps} at the end. (Kept per demand as growable arrays, these were four small
     * objects per demand, ~670,000 at L, that every young collection copied.)
     */
    static final class Reading {
        final LinkLog links = new LinkLog();
        private int[] cores = new int[16];
        private int coreCount;
        private int[] edges = new int[4];
        private int edgeCount;
        private Forest[] forests = new Forest[4];
        private int forestCount;

        /** Per core, the stamp of the last demand that touched it: a core is recorded once per demand without a scan. */
        private int[] coreStamp = new int[0];
        private int stamp;

        void clear() {
            links.clear();
            coreCount = edgeCount = forestCount = 0;
            stamp++;
        }

        void useForest(Forest f) {
            for (int i = 0; i < forestCount; i++) if (forests[i] == f) return;
            if (forestCount == forests.length) forests = Arrays.copyOf(forests, forestCount * 2);
            forests[forestCount++] = f;
        }

        void touchCore(int c) {
            if (c >= coreStamp.length) coreStamp = Arrays.copyOf(coreStamp, Math.max(c + 1, 2 * coreStamp.length));
            if (coreStamp[c] == stamp) return;
            coreStamp[c] = stamp;
            if (coreCount == cores.length) cores = Arrays.copyOf(cores, coreCount * 2);
            cores[coreCount++] = c;
        }

        void touchEdge(int v) {
            for (int i = 0; i < edgeCount; i++) if (edges[i] == v) return;
            if (edgeCount == edges.length) edges = Arrays.copyOf(edges, edgeCount * 2);
            edges[edgeCount++] = v;
        }
    }

    /** A growable list of link indices, emptied for every demand. */
    static final class LinkLog {
        private int[] links = new int[64];
        private int size;

        void clear() { size = 0; }

        void add(int l) {
            if (size == links.length) links = Arrays.copyOf(links, size * 2);
            links[size++] = l;
        }

        /** Sorts the links logged and drops repeats; returns how many are left. */
        int sortDistinct() {
            Arrays.sort(links, 0, size);
            int k = 0;
            for (int i = 0; i < size; i++) if (k == 0 || links[k - 1] != links[i]) links[k++] = links[i];
            return size = k;
        }

        /** Copies the links into the start of {@code out}. */
        void copyTo(int[] out) { System.arraycopy(links, 0, out, 0, size); }
    }
}
