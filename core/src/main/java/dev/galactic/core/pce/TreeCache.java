package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shared core: search weights per (class signature, objective, width floor) and, per weights
 * and exclusion set, a forest of shortest-path trees over the core, one per source core,
 * computed on first use and shared by every tenant. Weights that agree on every core link form
 * a core group, whose forests of one exclusion set take each other's trees; a tree of an
 * exclusion set is derived from the open tree where it can be. After a link-state change it
 * redoes only the trees the link can alter ({@link #follow}).
 */
final class TreeCache implements Composition.Trees {

    private Network g;
    private final Counters counters;
    private final Map<Weights.Key, Weights> weights = new HashMap<>();
    private final Map<Forest.Key, Forest> forests = new LinkedHashMap<>();

    /**
     * Immutable snapshots of the weights and forests maps, republished on every insertion:
     * every demand looks these up several times, and a lock there would have the solving
     * threads queue on it; insertions are few (tens of weights, a few hundred forests).
     */
    private volatile Map<Weights.Key, Weights> weightsView = Map.of();
    private volatile Map<Forest.Key, Forest> forestsView = Map.of();

    /**
     * Every forest by its id, in creation order. Appended under the forests lock; read by id
     * only outside the parallel compute (indexing, updates).
     */
    private final List<Forest> forestById = new ArrayList<>();

    /** Forests by (core group, exclusions): their trees are interchangeable. Lock: forests. */
    private final Map<SiblingKey, List<Forest>> siblings = new HashMap<>();

    private record SiblingKey(int coreGroup, String exclusions) {}

    private int nextCoreGroup;

    TreeCache(Network g, Counters counters) {
        this.g = g;
        this.counters = counters;
    }

    /** The network the next trees are computed on (after {@link #follow} has brought the kept ones to it). */
    void moveTo(Network next) { g = next; }

    Weights weights(TrafficClass cls, Objective objective, double floor) {
        Weights.Key key = Weights.keyOf(cls, objective, floor);
        Weights w = weightsView.get(key);
        if (w != null) return w;
        synchronized (weights) {
            w = weights.get(key);
            if (w == null) {
                w = Weights.compute(g, cls, objective, floor);
                w.coreGroup = coreGroupOf(w);
                weights.put(key, w);
                weightsView = Map.copyOf(weights);
            }
            return w;
        }
    }

    /**
     * Classes often differ only where the core does not care (edge links, limits no core link
     * breaks), so their trees are equal: weights with equal core-to-core weights share a group,
     * and forests of one group and exclusion set share trees.
     */
    private int coreGroupOf(Weights w) {
        for (Weights other : weights.values()) if (other.sameCore(g, w)) return other.coreGroup;
        return nextCoreGroup++;
    }

    Forest forest(int id) { return forestById.get(id); }

    /** How many forests there are; their ids are 0 up to this. */
    int forestCount() { return forestById.size(); }

    Forest forest(Weights w, TenantView view) {
        Forest.Key key = new Forest.Key(w.key, view.exclusionKey());
        Forest f = forestsView.get(key);
        if (f != null) return f;
        synchronized (forests) {
            return forests.computeIfAbsent(key, k -> newForest(k, w, view.blockedCores()));
        }
    }

    /** Lock: forests. */
    private Forest newForest(Forest.Key key, Weights w, boolean[] blocked) {
        Forest f = new Forest(forestById.size(), key, w, blocked, g.coreCount());
        forestById.add(f);
        siblings.computeIfAbsent(new SiblingKey(w.coreGroup, key.exclusions()), k -> new ArrayList<>()).add(f);
        Map<Forest.Key, Forest> view = new HashMap<>(forestsView);
        view.put(key, f);
        forestsView = Map.copyOf(view);
        return f;
    }

    /** A tree an equal forest already has, or null. */
    private ShortestPathTree siblingTree(Forest f, int source) {
        synchronized (forests) {
            for (Forest other : siblings.get(new SiblingKey(f.w.coreGroup, f.key.exclusions()))) {
                if (other != f && other.trees[source] != null) return other.trees[source];
            }
        }
        return null;
    }

    /** During an update: the tree an equal forest already recomputed for this source, or null. */
    private ShortestPathTree freshSiblingTree(Forest f, int source) {
        for (Forest other : siblings.get(new SiblingKey(f.w.coreGroup, f.key.exclusions()))) {
            if (other != f && other.changes != null && other.changes[source] != null) return other.trees[source];
        }
        return null;
    }

    /**
     * A forest's tree, computed on first use, once: a thread that needs a tree another is
     * computing waits for it (at L the full compute's two threads start on tenants that need the
     * same ~1,400 trees, and racing for them computed many twice). A tree's fields are final,
     * so reading the slot without a lock sees either null or a whole tree.
     *
     * <p>Locks: a slot's stripe of its forest. An excluded forest's tree is derived from the
     * open forest's, which is fetched before the excluded slot is locked, so no thread holds a
     * stripe while waiting for another and there is no lock order to get wrong.
     */
    @Override
    public ShortestPathTree tree(Forest f, int source) {
        ShortestPathTree t = f.trees[source];
        if (t != null) return t;
        ShortestPathTree sibling = siblingTree(f, source);
        ShortestPathTree base = null;
        if (sibling == null && !f.key.exclusions().isEmpty()) {
            // Excluded cores change only the part of the unrestricted tree (shared with every
            // tenant) below them: reuse that tree and repair the rest.
            Forest open;
            synchronized (forests) {
                open = forests.computeIfAbsent(new Forest.Key(f.key.weights(), ""), k -> newForest(k, f.w, null));
            }
            base = tree(open, source);
        }
        synchronized (f.stripe(source)) {
            t = f.trees[source];
            if (t != null) return t;
            Pce.Counter how = Pce.Counter.TREES_SHARED;
            t = sibling;
            if (t == null && base != null) {
                t = base.withoutCores(g, f.w, f.blocked);
                how = Pce.Counter.TREES_DERIVED;
            }
            if (t == null) {
                t = ShortestPathTree.compute(g, f.w, f.blocked, source, CoreHeap.of(g));
                how = Pce.Counter.TREES;
            }
            f.trees[source] = t;
            counters.count(how);
            return t;
        }
    }

    /**
     * Brings the weights and trees to {@code next}, where link l changed: recomputes the trees
     * it can affect (the link is in the tree, or now reaches its head at least as well) and
     * notes in each forest's {@code changes} which of their targets changed, until
     * {@link #endUpdate}. An affected tree is, cheapest first: taken from an equal forest (same
     * core group) that already redid it; repaired below the link when the link got heavier
     * (labels elsewhere cannot change); re-derived from the fresh open tree (exclusion sets);
     * searched afresh. A core group whose members now disagree on the link is split first.
     *
     * @return the forests with a changed tree
     */
    List<Forest> follow(Network next, int l) {
        Set<Weights.Key> moved = new HashSet<>(), heavier = new HashSet<>();
        for (Weights w : weights.values()) {
            double was1 = w.w1[l], was2 = w.w2[l];
            if (!w.update(next, l)) continue;
            moved.add(w.key);
            if (w.metric == Metric.ADDITIVE && w.w1[l] >= was1 && w.w2[l] >= was2) heavier.add(w.key);
        }
        synchronized (forests) { splitCoreGroups(l); }
        List<Forest> touched = new ArrayList<>();
        // Open forests first: an excluded forest's tree may then be re-derived from the fresh open one.
        for (boolean open : new boolean[]{true, false}) {
            for (Forest f : forests.values()) {
                if (f.key.exclusions().isEmpty() != open) continue;
                if (!moved.contains(f.key.weights())) continue;
                Weights nw = f.w;
                Forest openForest = open ? null : forests.get(new Forest.Key(f.key.weights(), ""));
                // Additive weights that only got heavier on the link cannot offer anyone a better
                // (or equal) label through it: only the trees that use it change.
                boolean onlyUsers = heavier.contains(f.key.weights());
                for (int src = 0; src < f.trees.length; src++) {
                    ShortestPathTree old = f.trees[src];
                    if (old == null) continue;
                    if (onlyUsers ? !old.uses(next, l) : !old.affectedBy(next, l, nw.w1[l], nw.w2[l], nw.metric, f.blocked)) continue;
                    // Cheapest first: an equal forest's fresh tree, a repair below the link, a
                    // re-derivation from the fresh open tree, and only then a new search.
                    ShortestPathTree fresh = freshSiblingTree(f, src);
                    if (fresh != null) {
                        counters.count(Pce.Counter.TREES_SHARED);
                    } else {
                        fresh = old.afterIncrease(next, nw, l);
                        ShortestPathTree base = openForest == null ? null : openForest.trees[src];
                        if (fresh == null && base != null) fresh = base.withoutCores(next, nw, f.blocked);
                        if (fresh == null) {
                            counters.count(Pce.Counter.TREES);
                            fresh = ShortestPathTree.compute(next, nw, f.blocked, src, CoreHeap.of(next));
                        } else {
                            counters.count(Pce.Counter.TREES_DERIVED);
                        }
                    }
                    f.trees[src] = fresh;
                    if (f.changes == null) {
                        f.changes = new boolean[next.coreCount()][];
                        touched.add(f);
                    }
                    f.changes[src] = ShortestPathTree.changedTargets(next, old, fresh);
                }
            }
        }
        return touched;
    }

    /** Forgets what {@link #follow} noted as changed, once the demands that read it are redone. */
    void endUpdate(List<Forest> touched) {
        for (Forest f : touched) f.changes = null;
    }

    /**
     * After link l changed, weights of one core group that now disagree on l leave it (a group
     * is never merged again; that only shares less).
     */
    private void splitCoreGroups(int l) {
        if (g.src(l) >= g.coreCount() || g.dst(l) >= g.coreCount()) return;
        Map<Integer, List<Weights>> byGroup = new TreeMap<>();
        for (Weights w : weights.values()) byGroup.computeIfAbsent(w.coreGroup, k -> new ArrayList<>()).add(w);
        boolean split = false;
        for (List<Weights> members : byGroup.values()) {
            Weights first = members.getFirst();
            Map<String, Integer> newGroups = new HashMap<>();
            for (Weights w : members) {
                if (Double.compare(w.w1[l], first.w1[l]) == 0 && Double.compare(w.w2[l], first.w2[l]) == 0) continue;
                w.coreGroup = newGroups.computeIfAbsent(w.w1[l] + "|" + w.w2[l], k -> nextCoreGroup++);
                split = true;
            }
        }
        if (!split) return;
        siblings.clear();
        for (Forest f : forests.values()) {
            siblings.computeIfAbsent(new SiblingKey(f.w.coreGroup, f.key.exclusions()), k -> new ArrayList<>()).add(f);
        }
    }
}
