package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reverse index of what every demand read ({@link Deps}): by link, by edge node, by
 * (forest, core) and the demands any improvement may affect, so an update finds the demands a
 * link-state change can touch without scanning them all. It files demand ids (a demand's place
 * in result order), not references, in int lists allocated at their final size: the ~4 million
 * entries at L are then arrays a collector copies without tracing each one.
 */
final class DependencyIndex {

    private final Filing byLink;
    private final Filing byEdge;
    /** Per forest id, its demands by the cores whose tree entries they read (null: none filed yet). */
    private final List<Filing> byCore = new ArrayList<>();
    private final int cores;
    /** The demands any improvement may affect (one list, key 0). */
    private final Filing globals = new Filing(1);
    /** Every demand by its id, which is its place in result order. */
    private final Demand[] demandById;
    private long entries;
    private long entriesAtRebuild;
    /** Counts the updates, so that a demand filed under several keys is collected once per update. */
    private int epoch;

    /** An empty index of {@code inOrder}'s demands, which it numbers in that order. */
    DependencyIndex(Network g, List<Demand> inOrder) {
        byLink = new Filing(g.linkCount());
        byEdge = new Filing(g.nodeCount());
        cores = g.coreCount();
        demandById = inOrder.toArray(new Demand[0]);
        for (int i = 0; i < demandById.length; i++) demandById[i].deps().id = i;
    }

    private Filing byCore(int forest) {
        while (byCore.size() <= forest) byCore.add(null);
        Filing f = byCore.get(forest);
        if (f == null) byCore.set(forest, f = new Filing(cores));
        return f;
    }

    /**
     * Files every demand, in result order, into an empty index. A first pass counts the entries
     * per key, so every list is allocated at its final size: grown one entry at a time, the
     * ~4 million entries at L left as much garbage again in outgrown arrays.
     */
    void fileAll(boolean parallel) {
        // The link filing and the rest share no list, so with parallel they are filed at once.
        long[] counted = new long[2];
        Runnable links = () -> {
            for (Demand d : demandById) fileLinks(d, true);
            for (Demand d : demandById) counted[0] += fileLinks(d, false);
            byLink.endReserve();
        };
        Runnable rest = () -> {
            for (Demand d : demandById) fileRest(d, true);
            for (Demand d : demandById) counted[1] += fileRest(d, false);
            byEdge.endReserve();
            for (Filing f : byCore) if (f != null) f.endReserve();
        };
        Stream<Runnable> both = Stream.of(links, rest);
        (parallel ? both.parallel() : both).forEach(Runnable::run);
        entries += counted[0] + counted[1];
        entriesAtRebuild = entries;
    }

    /** Files a demand under the links it read, or with {@code countOnly} only counts them per key; returns the entries. */
    private int fileLinks(Demand d, boolean countOnly) {
        Deps x = d.deps();
        for (int i = 0; i < x.linkCount; i++) file(byLink, x.link(i), d, countOnly);
        return x.linkCount;
    }

    /** {@link #fileLinks} for the rest: its edges, the trees' cores it read, and the demands any improvement may affect. */
    private int fileRest(Demand d, boolean countOnly) {
        Deps x = d.deps();
        for (int i = 0; i < x.edgeCount; i++) file(byEdge, x.edge(i), d, countOnly);
        for (int i = 0; i < x.forestCount; i++) {
            Filing f = byCore(x.forestId(i));
            for (int c = 0; c < x.coreCount; c++) file(f, x.core(c), d, countOnly);
        }
        if (x.global && !countOnly) globals.add(0, x.id);
        return x.edgeCount + x.forestCount * x.coreCount + (x.global ? 1 : 0);
    }

    private static void file(Filing filing, int key, Demand d, boolean countOnly) {
        if (countOnly) filing.reserve(key); else filing.add(key, d.deps().id);
    }

    /**
     * Files a re-solved demand under what it reads now and did not read before ({@code was}):
     * it is already filed under the rest. Entries of older solves stay until the next rebuild;
     * they only make a candidate that the exact check then drops. (Filing everything again grew
     * lists of thousands of entries on every update, for keys most re-solved demands already had.)
     */
    void refile(Demand d, Deps was) {
        Deps x = d.deps();
        int added = 0;
        for (int i = 0, j = 0; i < x.linkCount; i++) {
            int l = x.link(i);
            while (j < was.linkCount && was.link(j) < l) j++;
            if (j < was.linkCount && was.link(j) == l) continue;
            byLink.add(l, x.id);
            added++;
        }
        for (int i = 0; i < x.edgeCount; i++) {
            if (was.touchesEdge(x.edge(i))) continue;
            byEdge.add(x.edge(i), x.id);
            added++;
        }
        for (int i = 0; i < x.forestCount; i++) {
            int f = x.forestId(i);
            boolean forestWas = was.readForest(f);
            for (int c = 0; c < x.coreCount; c++) {
                if (forestWas && was.readCore(x.core(c))) continue;
                byCore(f).add(x.core(c), x.id);
                added++;
            }
        }
        if (x.global && !was.global) {
            globals.add(0, x.id);
            added++;
        }
        entries += added;
    }

    /**
     * The demands a change of link l may affect, each once, in no particular order: those that
     * read the link or one of its end nodes, those that read an entry of a tree that changed
     * ({@code touched}'s {@code changes}), and on an improvement those that needed an exact search.
     * A candidate may have stopped reading what it was filed under; the caller checks.
     */
    List<Demand> candidates(Network g, int l, List<Forest> touched, boolean degradation) {
        epoch++;
        List<Demand> out = new ArrayList<>();
        collect(byLink, l, out);
        collect(byEdge, g.src(l), out);
        collect(byEdge, g.dst(l), out);
        for (Forest f : touched) {
            if (f.id >= byCore.size() || byCore.get(f.id) == null) continue;
            for (int src = 0; src < f.changes.length; src++) if (f.changes[src] != null) collect(byCore.get(f.id), src, out);
        }
        if (!degradation) collect(globals, 0, out);
        return out;
    }

    /** Adds the demands filed under a key that this update has not collected yet. */
    private void collect(Filing filing, int key, List<Demand> into) {
        int[] ids = filing.lists[key];
        for (int i = 0, n = filing.sizes[key]; i < n; i++) {
            Demand d = demandById[ids[i]];
            if (d.deps().seen == epoch) continue;
            d.deps().seen = epoch;
            into.add(d);
        }
    }

    /** Files everything afresh once stale entries left by re-solved demands outnumber the live ones well enough. */
    void rebuildIfStale() {
        if (entries <= 3 * entriesAtRebuild + 10_000) return;
        byLink.clear();
        byEdge.clear();
        globals.clear();
        for (Filing f : byCore) if (f != null) f.clear();
        entries = 0;
        fileAll(false);
    }

    /** Entries filed, stale ones included. */
    long entries() { return entries; }

    /**
     * Demands filed under small int keys (links, nodes, cores) by demand id: an array of int
     * lists, no boxing or hashing.
     */
    static final class Filing {
        private final int[][] lists;
        private final int[] sizes;

        Filing(int size) {
            lists = new int[size][];
            sizes = new int[size];
        }

        /** Entries counted per key for a filing in progress (see {@link #fileAll}), or null. */
        private int[] reserved;

        void reserve(int key) {
            if (reserved == null) reserved = new int[lists.length];
            reserved[key]++;
        }

        void endReserve() { reserved = null; }

        void add(int key, int id) {
            int[] list = lists[key];
            int n = sizes[key];
            // An eighth more than counted: updates re-file demands later, and a list filed exactly
            // full would copy all its entries (thousands under a busy core) on the first of them.
            if (list == null) lists[key] = list = new int[reserved != null && reserved[key] > 0 ? reserved[key] + reserved[key] / 8 + 2 : 4];
            else if (n == list.length) lists[key] = list = Arrays.copyOf(list, n + (n >> 1) + 1);
            list[n] = id;
            sizes[key] = n + 1;
        }

        void clear() {
            Arrays.fill(lists, null);
            Arrays.fill(sizes, 0);
        }
    }
}
