package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The path computation engine: a shared core PCE (shortest-path trees over the core per class
 * and exclusion set, computed once and reused by every tenant) plus per-tenant composition of
 * the tenant's edge legs, waypoints, topology mode, hop limit and fallbacks.
 *
 * <p>The results are a pure function of (network, intents); this object only keeps caches so
 * that a link-state change recomputes just the trees and tenant results it can affect.
 * Not thread-safe: the controller drives it from its single event queue. (The full compute
 * solves tenants on the common fork-join pool internally; see {@link #compute(Network, Collection, boolean)}.)
 */
public final class Pce {

    private Network g;
    private final List<TenantIntent> intents;
    private final Map<Weights.Key, Weights> weights = new HashMap<>();
    private final Map<ForestKey, Forest> forests = new LinkedHashMap<>();
    private final TreeMap<GroupKey, Group> groups = new TreeMap<>();
    /** Counts per thread (the full compute solves tenants on several threads), summed on read. */
    private final List<long[]> counterBlocks = new ArrayList<>();
    private final ThreadLocal<long[]> counters = ThreadLocal.withInitial(this::newCounterBlock);

    /** What the engine did, for benchmarks and metrics. */
    public enum Counter { TREES, TREES_DERIVED, TREES_SHARED, COMPOSED_PRIMARY, CONSTRAINED_PRIMARY, BACKUP_FROM_CANDIDATES, BACKUP_DIRECT_LINK, BACKUP_EXACT, EXACT_SEARCHES, BOUND_SEARCHES, BOUNDS_DERIVED, DEMANDS_CHECKED, DEMANDS_RECOMPUTED }

    void count(Counter c) { count(c, 1); }

    private void count(Counter c, long n) { counters.get()[c.ordinal()] += n; }

    private synchronized long[] newCounterBlock() {
        long[] block = new long[Counter.values().length];
        counterBlocks.add(block);
        return block;
    }

    /** The exact constrained search, counted, in this thread's workspace. */
    int[] exact(ConstrainedSearch.Query q) {
        count(Counter.EXACT_SEARCHES);
        return ConstrainedSearch.find(q, scratch.get().search);
    }

    /**
     * Per-thread scratch reused from demand to demand: the full compute solves ~170,000 demands
     * at L, and every array a solve throws away is work for the collector. Nothing in it
     * outlives the call that borrows it.
     */
    static final class Scratch {
        final ConstrainedSearch.Workspace search = new ConstrainedSearch.Workspace();
        /** What the demand being solved has read so far (see {@link Deps}). */
        final Reading reading = new Reading();
        /** The candidates of the demand being solved (reset per demand). */
        final Composition.Arena candidates = new Composition.Arena();
        private boolean[] nodeMask = new boolean[0];
        private int[] path = new int[64];

        /** A buffer for one path of at most {@code size} links, overwritten by the next borrower. */
        int[] pathBuffer(int size) {
            if (path.length < size) path = new int[Math.max(size, 2 * path.length)];
            return path;
        }
        private boolean[] linkMask = new boolean[0];

        /** An all-false mask of at least {@code size} nodes; the borrower clears what it sets. */
        boolean[] nodeMask(int size) {
            if (nodeMask.length < size) nodeMask = new boolean[size];
            return nodeMask;
        }

        /** An all-false mask of at least {@code size} links; the borrower clears what it sets. */
        boolean[] linkMask(int size) {
            if (linkMask.length < size) linkMask = new boolean[size];
            return linkMask;
        }
    }

    /** A growable list of link indices, emptied for every demand. */
    static final class LinkLog {
        private int[] links = new int[64];
        private int size;

        void clear() { size = 0; }

        void add(int l) {
            if (size == links.length) links = java.util.Arrays.copyOf(links, size * 2);
            links[size++] = l;
        }

        /** Sorts the links logged and drops repeats; returns how many are left. */
        int sortDistinct() {
            java.util.Arrays.sort(links, 0, size);
            int k = 0;
            for (int i = 0; i < size; i++) if (k == 0 || links[k - 1] != links[i]) links[k++] = links[i];
            return size = k;
        }

        /** Copies the links into the start of {@code out}. */
        void copyTo(int[] out) { System.arraycopy(links, 0, out, 0, size); }
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    Scratch scratch() { return scratch.get(); }

    /** Counts since this engine was created. */
    public synchronized java.util.SortedMap<Counter, Long> counters() {
        java.util.SortedMap<Counter, Long> out = new java.util.TreeMap<>();
        for (Counter c : Counter.values()) {
            long sum = 0;
            for (long[] block : counterBlocks) sum += block[c.ordinal()];
            out.put(c, sum);
        }
        return out;
    }

    private Pce(Network g, Collection<TenantIntent> intents) {
        this.g = g;
        this.intents = List.copyOf(intents);
        this.byLink = new Filing(g.linkCount());
        this.byEdge = new Filing(g.nodeCount());
        this.noCores = new boolean[g.coreCount()];
    }

    /** Computes every tenant's paths on a network, solving tenants in parallel. */
    public static Pce compute(Network network, Collection<TenantIntent> intents) {
        return compute(network, intents, true);
    }

    /**
     * Computes every tenant's paths on a network. With {@code parallel}, tenant groups are
     * solved on the common fork-join pool: every result is a pure function of the network and
     * its intent (shared trees and bounds are pure too, whichever thread computes them first),
     * and each lands in its own slot, so the output is the same as a sequential run.
     */
    public static Pce compute(Network network, Collection<TenantIntent> intents, boolean parallel) {
        Pce pce = new Pce(network, intents);
        // Views and groups are pure functions of one intent, built in parallel too; they enter
        // the ordered map one by one, where a duplicate is refused.
        java.util.stream.Stream<TenantIntent> each = parallel ? pce.intents.parallelStream() : pce.intents.stream();
        List<List<Group>> built = each.map(intent -> {
            // The view depends on the intent alone (it scans every node), so its classes share it.
            TenantView view = TenantView.of(network, intent);
            List<Group> out = new ArrayList<>();
            for (String cls : intent.classes().keySet()) {
                out.add(pce.newGroup(new GroupKey(intent.tenant(), intent.vpc(), cls), intent, view, cls));
            }
            return out;
        }).toList();
        for (List<Group> intentGroups : built) {
            for (Group grp : intentGroups) {
                if (pce.groups.putIfAbsent(grp.key(), grp) != null) throw new IllegalArgumentException("duplicate intent for " + grp.key());
            }
        }
        Group[] all = pce.groups.values().toArray(new Group[0]);
        List<Demand> inOrder = new ArrayList<>();
        for (Group grp : all) inOrder.addAll(grp.demands());
        pce.demandById = inOrder.toArray(new Demand[0]);
        for (int i = 0; i < pce.demandById.length; i++) pce.demandById[i].deps().id = i;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, all.length);
        (parallel ? range.parallel() : range).forEach(i -> pce.solveGroup(all[i]));
        // The reverse index is filed afterwards, in result order.
        pce.indexAll(parallel);
        pce.entriesAtRebuild = pce.indexEntries;
        return pce;
    }

    public Network network() { return g; }

    /** Every demand's result, ordered by tenant, VPC, class, source and destination site. */
    public List<PathResult> results() {
        List<PathResult> all = new ArrayList<>();
        for (Group grp : groups.values()) all.addAll(java.util.Arrays.asList(grp.results()));
        return List.copyOf(all);
    }

    /**
     * Applies one link-state change and recomputes only what it can affect: the core trees whose
     * labels or paths it may change, then the tenant results that read a changed tree entry or
     * the changed edge leg. The outcome equals {@link #compute} on the new network.
     *
     * @return the results that changed, in result order
     */
    public List<PathResult> update(LinkState state, Freshness freshness) {
        int l = g.requireLink(state);
        Network next = g.withLinkState(state, freshness);
        java.util.Set<Weights.Key> moved = new java.util.HashSet<>(), heavier = new java.util.HashSet<>();
        for (Weights w : weights.values()) {
            double was1 = w.w1[l], was2 = w.w2[l];
            if (!w.update(next, l)) continue;
            moved.add(w.key);
            if (!w.bottleneck() && w.w1[l] >= was1 && w.w2[l] >= was2) heavier.add(w.key);
        }
        synchronized (forests) { splitCoreGroups(l); }
        List<Forest> touched = new ArrayList<>();
        // Open forests first: an excluded forest's tree may then be re-derived from the fresh open one.
        for (boolean open : new boolean[]{true, false}) {
            for (Forest f : forests.values()) {
                if (f.key.exclusions().isEmpty() != open) continue;
                if (!moved.contains(f.key.weights())) continue;
                Weights nw = f.w;
                Forest openForest = open ? null : forests.get(new ForestKey(f.key.weights(), ""));
                // Additive weights that only got heavier on the link cannot offer anyone a better
                // (or equal) label through it: only the trees that use it change.
                boolean onlyUsers = heavier.contains(f.key.weights());
                for (int src = 0; src < f.trees.length; src++) {
                    ShortestPathTree old = f.trees[src];
                    if (old == null) continue;
                    if (onlyUsers ? !old.uses(next, l) : !old.affectedBy(next, l, nw.w1[l], nw.w2[l], nw.bottleneck(), f.blocked)) continue;
                    // Cheapest first: an equal forest's fresh tree, a repair below the link, a
                    // re-derivation from the fresh open tree, and only then a new search.
                    ShortestPathTree fresh = freshSiblingTree(f, src);
                    if (fresh != null) {
                        count(Counter.TREES_SHARED);
                    } else {
                        fresh = old.afterIncrease(next, nw, l);
                        ShortestPathTree base = openForest == null ? null : openForest.trees[src];
                        if (fresh == null && base != null) fresh = base.withoutCores(next, nw, f.blocked);
                        if (fresh == null) {
                            count(Counter.TREES);
                            fresh = ShortestPathTree.compute(next, nw, f.blocked, src, CoreHeap.of(next));
                        } else {
                            count(Counter.TREES_DERIVED);
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
        boolean degradation = Network.isDegradation(g, next, l);
        g = next;
        // A bound is a distance under the weights; a link that only got worse makes distances
        // longer, so the bounds stay lower bounds (and an exact search's answer does not depend
        // on how tight they are). Only an improvement can make one too high.
        if (!degradation) bounds.clear();
        epoch++;
        List<Demand> candidates = new ArrayList<>();
        collect(byLink, l, candidates);
        collect(byEdge, g.src(l), candidates);
        collect(byEdge, g.dst(l), candidates);
        for (Forest f : touched) {
            for (int src = 0; src < f.changes.length; src++) if (f.changes[src] != null) collect(f.byCore, src, candidates);
        }
        if (!degradation) collect(globals, 0, candidates);
        // Whether a demand is affected depends only on what it read and on the trees that
        // changed, not on the other demands' new results: filter, then order what is left.
        List<Demand> affected = new ArrayList<>();
        for (Demand d : candidates) if (d.deps().affectedBy(this, g, l, degradation, d.view())) affected.add(d);
        count(Counter.DEMANDS_CHECKED, candidates.size());
        affected.sort(java.util.Comparator.comparingInt(d -> d.deps().id));
        List<PathResult> changed = new ArrayList<>();
        for (Demand d : affected) {
            count(Counter.DEMANDS_RECOMPUTED);
            Group grp = d.deps().owner;
            Deps was = d.deps().snapshot();
            PathResult fresh = solve(d);
            refile(d, was);
            if (!fresh.equals(grp.results()[d.deps().index])) changed.add(fresh);
            grp.results()[d.deps().index] = fresh;
        }
        for (Forest f : touched) f.changes = null;
        if (indexEntries > 3 * entriesAtRebuild + 10_000) rebuildIndex();
        return changed;
    }

    // ---------------------------------------------------------------- per tenant and class

    private Group newGroup(GroupKey key, TenantIntent intent, TenantView view, String className) {
        TrafficClass cls = TrafficClass.of(className, intent.classes().get(className));
        List<Demand> demands = new ArrayList<>();
        for (String from : intent.attachments().keySet()) {
            for (String to : intent.attachments().keySet()) {
                if (intent.wantsPath(from, to)) demands.add(new Demand(view, intent, cls, from, to, view.node(from), view.node(to), new Deps()));
            }
        }
        PathResult[] results = new PathResult[demands.size()];
        Group grp = new Group(key, intent, view, cls, List.copyOf(demands), results);
        for (int i = 0; i < results.length; i++) {
            Demand d = demands.get(i);
            d.deps().owner = grp;
            d.deps().index = i;
        }
        return grp;
    }

    private void solveGroup(Group grp) {
        for (int i = 0; i < grp.results().length; i++) grp.results()[i] = solve(grp.demands().get(i));
    }

    // ---------------------------------------------------------------- reverse index of dependencies

    private final Filing byLink;
    private final Filing byEdge;
    /** The demands any improvement may affect (one list, key 0). */
    private final Filing globals = new Filing(1);
    /** Every demand by its id, which is its place in result order. */
    private Demand[] demandById;
    private long indexEntries;
    private long entriesAtRebuild;
    private int epoch;

    /**
     * Files a re-solved demand under what it reads now and did not read before: it is already
     * filed under the rest. Entries of older solves stay until the next rebuild; they only make
     * a candidate that the exact check then drops. (Filing everything again grew lists of
     * thousands of entries on every update, for keys most re-solved demands already had.)
     */
    private void refile(Demand d, Deps w) {
        Deps x = d.deps();
        int added = 0;
        for (int i = 0, j = 0; i < x.linkCount; i++) {
            int l = x.link(i);
            while (j < w.linkCount && w.link(j) < l) j++;
            if (j < w.linkCount && w.link(j) == l) continue;
            byLink.add(l, x.id);
            added++;
        }
        for (int i = 0; i < x.edgeCount; i++) {
            if (w.touchesEdge(x.edge(i))) continue;
            byEdge.add(x.edge(i), x.id);
            added++;
        }
        for (int i = 0; i < x.forestCount; i++) {
            int f = x.forestId(i);
            boolean forestWas = w.readForest(f);
            for (int c = 0; c < x.coreCount; c++) {
                if (forestWas && w.readCore(x.core(c))) continue;
                forest(f).byCore.add(x.core(c), x.id);
                added++;
            }
        }
        if (x.global && !w.global) {
            globals.add(0, x.id);
            added++;
        }
        indexEntries += added;
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
            Filing byCore = forest(x.forestId(i)).byCore;
            for (int c = 0; c < x.coreCount; c++) file(byCore, x.core(c), d, countOnly);
        }
        if (x.global && !countOnly) globals.add(0, x.id);
        return x.edgeCount + x.forestCount * x.coreCount + (x.global ? 1 : 0);
    }

    private static void file(Filing filing, int key, Demand d, boolean countOnly) {
        if (countOnly) filing.reserve(key); else filing.add(key, d.deps().id);
    }

    /**
     * Files every demand, in result order, into an empty index. A first pass counts the entries
     * per key, so every list is allocated at its final size: grown one entry at a time, the
     * ~4 million entries at L left as much garbage again in outgrown arrays.
     */
    private void indexAll(boolean parallel) {
        // The link filing and the rest share no list, so with parallel they are filed at once.
        long[] entries = new long[2];
        Runnable links = () -> {
            for (Group grp : groups.values()) for (Demand d : grp.demands()) fileLinks(d, true);
            for (Group grp : groups.values()) for (Demand d : grp.demands()) entries[0] += fileLinks(d, false);
            byLink.endReserve();
        };
        Runnable rest = () -> {
            for (Group grp : groups.values()) for (Demand d : grp.demands()) fileRest(d, true);
            for (Group grp : groups.values()) for (Demand d : grp.demands()) entries[1] += fileRest(d, false);
            byEdge.endReserve();
            for (Forest f : forests.values()) f.byCore.endReserve();
        };
        java.util.stream.Stream<Runnable> both = java.util.stream.Stream.of(links, rest);
        (parallel ? both.parallel() : both).forEach(Runnable::run);
        indexEntries += entries[0] + entries[1];
    }

    /**
     * Demands filed under small int keys (links, nodes, cores) by demand id: an array of int
     * lists, no boxing or hashing. Ids rather than references: the ~4 million entries at L are
     * then arrays a collector copies without tracing each entry.
     */
    static final class Filing {
        private final int[][] lists;
        private final int[] sizes;

        Filing(int size) {
            lists = new int[size][];
            sizes = new int[size];
        }

        /** Entries counted per key for a filing in progress (see {@link #indexAll}), or null. */
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
            else if (n == list.length) lists[key] = list = java.util.Arrays.copyOf(list, n + (n >> 1) + 1);
            list[n] = id;
            sizes[key] = n + 1;
        }

        void clear() {
            java.util.Arrays.fill(lists, null);
            java.util.Arrays.fill(sizes, 0);
        }
    }

    private void rebuildIndex() {
        byLink.clear();
        byEdge.clear();
        globals.clear();
        for (Forest f : forests.values()) f.byCore.clear();
        indexEntries = 0;
        indexAll(false);
        entriesAtRebuild = indexEntries;
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

    /** Solves one demand from scratch with fresh dependencies (the demand's old ones are dropped). */
    private PathResult solve(Demand d) {
        Scratch s = scratch.get();
        s.candidates.reset();
        d.deps().reset(s.reading);
        PathResult r = solveDemand(d.intent(), d.view(), d.cls(), d.from(), d.to(), d);
        d.deps().seal();
        return r;
    }

    private PathResult solveDemand(TenantIntent intent, TenantView view, TrafficClass cls, String from, String to, Demand d) {
        SlaViolation endpoint = view.endpointProblem(from, to);
        d.deps().touchEdge(d.source());
        d.deps().touchEdge(d.target());
        if (endpoint == null) {
            Route primary = route(d, cls);
            if (primary != null) return result(intent, cls, from, to, PathResult.Status.OK, cls.name(), d, cls, primary, null);
        }
        SlaViolation violation = endpoint != null ? endpoint : diagnose(d);
        TrafficClassSpec.Fallback fb = cls.spec().fallback();
        // an excluded endpoint is never relaxed: geo-fencing is a promise, not a preference
        if (endpoint != null || fb.action() == TrafficClassSpec.FallbackAction.DROP) return unserved(intent, cls, from, to, violation);
        if (fb.action() == TrafficClassSpec.FallbackAction.BEST_EFFORT || fb.action() == TrafficClassSpec.FallbackAction.CLASS) {
            TrafficClassSpec otherSpec = fb.action() == TrafficClassSpec.FallbackAction.CLASS ? intent.classes().get(fb.trafficClass()) : null;
            if (fb.action() == TrafficClassSpec.FallbackAction.CLASS && otherSpec == null) {
                violation = new SlaViolation(FailReason.UNKNOWN_CLASS, null, violation.detail() + "; fallback class " + fb.trafficClass() + " does not exist");
            } else {
                TrafficClass other = otherSpec == null ? TrafficClass.bestEffort() : TrafficClass.of(fb.trafficClass(), otherSpec);
                Route fallback = route(d, other);
                if (fallback != null) return result(intent, cls, from, to, PathResult.Status.FALLBACK, other.name(), d, other, fallback, violation);
            }
        }
        // An SLA miss must not become an outage: the class's own best path that is up carries the
        // traffic, flagged as a violation, unless the tenant asked for drop.
        TrafficClass relaxed = cls.relaxed();
        Route kept = route(d, relaxed);
        if (kept == null) return unserved(intent, cls, from, to, violation);
        return result(intent, cls, from, to, PathResult.Status.VIOLATION, relaxed.name(), d, relaxed, kept, violation);
    }

    /**
     * Two sites on one edge: the edge delivers between them and the backbone never sees the
     * traffic, so waypoints (which constrain paths across the backbone) do not apply. The
     * explanation says so, naming them, so nobody takes such a pair for one that crossed them.
     */
    private Path local(TenantIntent intent, Demand d) {
        String edge = g.nodeName(d.source());
        List<String> waypoints = intent.spec().mustInclude();
        String why = "both sites attach at " + edge + ": delivered there, without entering the backbone"
                + (waypoints.isEmpty() ? "" : "; the VPC's waypoints (" + String.join(", ", waypoints)
                + ") constrain paths across the backbone, which this pair does not take");
        return new Path(List.of(edge), List.of(), List.of(), PathMetrics.LOCAL, why, null);
    }

    private static PathResult unserved(TenantIntent intent, TrafficClass cls, String from, String to, SlaViolation violation) {
        return new PathResult(intent.tenant(), intent.vpc(), cls.name(), from, to, PathResult.Status.VIOLATION, null, null, null, violation);
    }

    private PathResult result(TenantIntent intent, TrafficClass requested, String from, String to, PathResult.Status status,
                              String servedBy, Demand d, TrafficClass used, Route route, SlaViolation violation) {
        d.deps().readPath(route.links());
        if (route.beaten() != null) d.deps().readPath(route.beaten().links());
        Path primary = route.how() == Route.How.LOCAL ? local(intent, d) : Explain.path(g, used, route, d.maxHops());
        BackupPath backup = Backups.find(this, d, used, route, route.composed());
        return new PathResult(intent.tenant(), intent.vpc(), requested.name(), from, to, status, servedBy, primary, backup,
                violation);
    }

    /** The best route of a class for a demand, or null when none meets the class. */
    Route route(Demand d, TrafficClass cls) {
        if (d.source() == d.target()) return Route.local(g);
        if (cls.objective() == Objective.WIDEST) return widestRoute(d, cls);
        Weights w = weights(cls, cls.objective(), 0);
        Composition comp = compose(d, w);
        Route best = comp.best(g);
        if (best == null) return null;
        d.deps().readPath(best.links());
        if (meets(g, best.links(), cls, d.maxHops())) {
            count(Counter.COMPOSED_PRIMARY);
            return best.withRunnerUp(comp.runnerUp(g), comp);
        }
        count(Counter.CONSTRAINED_PRIMARY);
        d.deps().global = true;
        int[] links = exact(query(d, w, null, null));
        return links == null ? null : new Route(links, Route.How.CONSTRAINED, best);
    }

    /**
     * Widest first, then latency, in two exact phases: the widest bottleneck W* from bottleneck
     * trees, then the latency-optimal path over links of at least W*. When budgets rule that
     * path out, a binary search over the distinct link widths finds the widest feasible one.
     */
    private Route widestRoute(Demand d, TrafficClass cls) {
        Weights wideWeights = weights(cls, Objective.WIDEST, 0);
        double fromLegs = widthFromEdgeLegs(d, wideWeights);
        if (fromLegs == Double.NEGATIVE_INFINITY) return null;
        Composition wide = Double.isNaN(fromLegs) ? compose(d, wideWeights) : null;
        if (wide != null && wide.isEmpty()) return null;
        double width = wide == null ? fromLegs : -wide.bestPrimary();
        Composition comp = compose(d, weights(cls, Objective.LATENCY, width));
        Route best = comp.best(g);
        if (best != null) d.deps().readPath(best.links());
        if (best != null && meets(g, best.links(), cls, d.maxHops())) {
            count(Counter.COMPOSED_PRIMARY);
            return best.withRunnerUp(comp.runnerUp(g), null);
        }
        count(Counter.CONSTRAINED_PRIMARY);
        d.deps().global = true;
        double[] widths = java.util.Arrays.stream(d.view().candidateWidths(g, weights(cls, Objective.LATENCY, 0)))
                .filter(x -> x <= width).sorted().toArray();
        int lo = 0, hi = widths.length - 1;
        int[] found = null;
        while (lo <= hi) { // feasibility only grows as the floor drops: find the highest feasible floor
            int mid = (lo + hi) >>> 1;
            int[] links = exact(query(d, weights(cls, Objective.LATENCY, widths[mid]), null, null));
            if (links != null) { found = links; lo = mid + 1; } else hi = mid - 1;
        }
        return found == null ? null : new Route(found, Route.How.CONSTRAINED, best);
    }

    /**
     * The widest bottleneck W* of a demand without waypoints when its edge legs decide it, without
     * any widest tree: each (uplink, downlink) pair's width is at most that of its narrower leg,
     * and at least that and the direct core link between their cores (a path that exists). When
     * the best pair's upper bound is met by some pair's lower bound, that is W*, the same value
     * the widest trees give (the same maxima over the same grid values). In a backbone whose
     * core links are wider than its edge legs that is most demands, and the trees (a full
     * search per source core and exclusion set) are never needed. The demand then depends only
     * on its edges' links and the direct core links read here, which it records.
     *
     * @return W*; {@link Double#NEGATIVE_INFINITY} when no pair of legs exists; NaN when the
     *         legs do not decide it (then the trees must)
     */
    private double widthFromEdgeLegs(Demand d, Weights w) {
        if (d.view().waypoints().length > 0) return Double.NaN;
        int a = d.source(), b = d.target();
        double bestLow = Double.POSITIVE_INFINITY, bestHigh = Double.POSITIVE_INFINITY; // in w1 terms: minus the width, lower is wider
        for (int i = g.outStart(a), end = g.outEnd(a); i < end; i++) {
            int up = g.outLink(i);
            double wu = w.w1[up];
            if (wu == Double.POSITIVE_INFINITY) continue;
            int ci = g.dst(up);
            if (ci == b) {
                bestLow = Math.min(bestLow, wu);
                bestHigh = Math.min(bestHigh, wu);
                continue;
            }
            if (!g.isCore(ci) || d.view().isBlockedCore(ci)) continue;
            for (int j = g.outStart(b), endB = g.outEnd(b); j < endB; j++) {
                int down = g.reverse(g.outLink(j));
                int cj = g.src(down);
                double wd = w.w1[down];
                if (!g.isCore(cj) || d.view().isBlockedCore(cj) || wd == Double.POSITIVE_INFINITY) continue;
                double legs = Math.max(wu, wd);
                bestLow = Math.min(bestLow, legs);
                if (ci == cj) {
                    bestHigh = Math.min(bestHigh, legs);
                } else {
                    int core = g.findLinkFrom(ci, cj);
                    if (core < 0) continue;
                    d.deps().readLink(core);
                    if (w.w1[core] != Double.POSITIVE_INFINITY) bestHigh = Math.min(bestHigh, Math.max(legs, w.w1[core]));
                }
            }
        }
        if (bestLow == Double.POSITIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        return bestHigh == bestLow ? -bestLow : Double.NaN;
    }

    /**
     * {@link #meets(PathMetrics, TrafficClass, int)} of the path's metrics, without building
     * them: the same sums and products in the same order, so the same verdict, and none of the
     * allocation that checking every candidate would cost.
     */
    static boolean meets(Network g, int[] links, TrafficClass cls, int maxHops) {
        return meets(g, links, links.length, cls, maxHops);
    }

    /** {@link #meets(Network, int[], TrafficClass, int)} of the path in the first {@code n} slots of {@code links}. */
    static boolean meets(Network g, int[] links, int n, TrafficClass cls, int maxHops) {
        double lat = 0, jit2 = 0, residualSurvive = 1;
        for (int i = 0; i < n; i++) {
            int l = links[i];
            lat += g.latencyMs(l);
            jit2 += g.jitterMs(l) * g.jitterMs(l);
            residualSurvive *= 1 - cls.effectiveLoss(g, l);
        }
        double residualLossPercent = (1 - residualSurvive) * 100;
        return lat <= slack(cls.maxLatencyMs()) && Math.sqrt(jit2) <= slack(cls.maxJitterMs())
                && residualLossPercent / 100 <= slack(cls.maxLoss()) && (maxHops <= 0 || n <= maxHops);
    }

    static boolean meets(PathMetrics m, TrafficClass cls, int maxHops) {
        return m.latencyMs() <= slack(cls.maxLatencyMs()) && m.jitterMs() <= slack(cls.maxJitterMs())
                && m.residualLossPercent() / 100 <= slack(cls.maxLoss()) && (maxHops <= 0 || m.hops() <= maxHops);
    }

    private static double slack(double limit) {
        return limit == Double.POSITIVE_INFINITY ? limit : limit * (1 + 1e-9) + 1e-12;
    }

    /** Names the constraint that breaks, and the link to blame, for a demand with no valid path. */
    private SlaViolation diagnose(Demand d) {
        TrafficClass relaxed = d.cls().relaxed();
        Composition comp = compose(d, weights(relaxed, relaxed.objective(), 0));
        Route p = comp.best(g);
        if (p == null) {
            Demand open = d.withoutExclusions();
            Route around = open.view().hasWaypointProblem() ? null : compose(open, weights(relaxed, relaxed.objective(), 0)).best(g);
            return around == null
                    ? new SlaViolation(FailReason.NO_PATH, null, "no path from " + g.nodeName(d.source()) + " to "
                    + g.nodeName(d.target()) + " over links that are up")
                    : new SlaViolation(FailReason.EXCLUSIONS, null, "every path crosses an excluded node or country");
        }
        d.deps().readPath(p.links());
        return Explain.violation(g, d.cls(), p.links(), d.maxHops());
    }

    // ---------------------------------------------------------------- shared core

    /**
     * Immutable snapshots of the weights and forests maps, republished on every insertion:
     * every demand looks these up several times, and a lock there would have the solving
     * threads queue on it; insertions are few (tens of weights, a few hundred forests).
     */
    private volatile Map<Weights.Key, Weights> weightsView = Map.of();
    private volatile Map<ForestKey, Forest> forestsView = Map.of();

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

    private int nextCoreGroup;

    /**
     * Every forest by its id, in creation order. Appended under the forests lock; read by id
     * only outside the parallel compute (indexing, updates).
     */
    private final List<Forest> forestById = new ArrayList<>();

    Forest forest(int id) { return forestById.get(id); }

    /** Forests by (core group, exclusions): their trees are interchangeable. Lock: forests. */
    private final Map<SiblingKey, List<Forest>> siblings = new HashMap<>();

    private record SiblingKey(int coreGroup, String exclusions) {}

    Forest forest(Weights w, TenantView view) {
        ForestKey key = new ForestKey(w.key, view.exclusionKey());
        Forest f = forestsView.get(key);
        if (f != null) return f;
        synchronized (forests) {
            return forests.computeIfAbsent(key, k -> newForest(k, w, view.blockedCores()));
        }
    }

    /** Lock: forests. */
    private Forest newForest(ForestKey key, Weights w, boolean[] blocked) {
        Forest f = new Forest(forestById.size(), key, w, blocked, g.coreCount());
        forestById.add(f);
        siblings.computeIfAbsent(new SiblingKey(w.coreGroup, key.exclusions()), k -> new ArrayList<>()).add(f);
        Map<ForestKey, Forest> view = new HashMap<>(forestsView);
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

    Composition compose(Demand d, Weights w) {
        Forest f = forest(w, d.view());
        d.deps().useForest(f);
        return Composition.of(g, f, this::tree, d, w, scratch.get().candidates);
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
    private ShortestPathTree tree(Forest f, int source) {
        ShortestPathTree t = f.trees[source];
        if (t != null) return t;
        ShortestPathTree sibling = siblingTree(f, source);
        ShortestPathTree base = null;
        if (sibling == null && !f.key.exclusions().isEmpty()) {
            // Excluded cores change only the part of the unrestricted tree (shared with every
            // tenant) below them: reuse that tree and repair the rest.
            Forest open;
            synchronized (forests) {
                open = forests.computeIfAbsent(new ForestKey(f.key.weights(), ""), k -> newForest(k, f.w, null));
            }
            base = tree(open, source);
        }
        synchronized (f.stripe(source)) {
            t = f.trees[source];
            if (t != null) return t;
            Counter how = Counter.TREES_SHARED;
            t = sibling;
            if (t == null && base != null) {
                t = base.withoutCores(g, f.w, f.blocked);
                how = Counter.TREES_DERIVED;
            }
            if (t == null) {
                t = ShortestPathTree.compute(g, f.w, f.blocked, source, CoreHeap.of(g));
                how = Counter.TREES;
            }
            f.trees[source] = t;
            count(how);
            return t;
        }
    }

    Network graph() { return g; }

    /** No core blocked: the view of the shared bounds. */
    private final boolean[] noCores;

    /**
     * An exact search for a demand, with look-ahead bounds shared with other searches. A bound
     * comes from the unconstrained weights of the search's objective over every core: they admit
     * every link that is up and weigh it as every class of that objective does (the objective,
     * latency, jitter, raw loss and hops cost the same under every class), and removing cores
     * only lengthens paths, so their distances are lower bounds for every class and every tenant
     * view, and one reverse search per target and dimension serves them all (L: 1,473 -> 652
     * searches). A class that filters links, or a view that excludes cores, gets a looser bound,
     * which only lets its search explore more; the answer does not depend on it. Only a loss
     * budget judged after FEC has costs of its class's own, and keeps bounds per weights and view.
     */
    ConstrainedSearch.Query query(Demand d, Weights w, boolean[] extraBlockedNodes, boolean[] blockedLinks) {
        String exclusions = d.view().exclusionKey();
        boolean[] blockedCores = d.view().blockedCores();
        Weights open = w.bottleneck() ? w : weights(TrafficClass.unconstrained(w.objective), w.objective, 0);
        ConstrainedSearch.Bounds bounds = (dim, target) -> ConstrainedSearch.classCosts(w, dim)
                ? bound(new BoundKey(w.key, dim, target, exclusions), w, blockedCores)
                : bound(new BoundKey(open.key, dim, target, ""), open, noCores);
        return d.query(g, w, extraBlockedNodes, blockedLinks, bounds);
    }

    /**
     * Look-ahead bounds by (weights, dimension, target, exclusions); valid for one network, so
     * cleared on update. Each is computed once: a thread that needs a bound another is
     * computing waits on its slot. A slot's holder only ever waits for slots of core targets,
     * and a derived bound's for its objective bound's, so waits cannot go round in a circle.
     */
    private final Map<BoundKey, BoundSlot> bounds = new HashMap<>();

    private record BoundKey(Weights.Key weights, int dim, int target, String exclusions) {}

    /** A bound, null until computed (lock: the slot). */
    private static final class BoundSlot {
        double[] value;
    }

    private double[] bound(BoundKey key, Weights w, boolean[] blockedCores) {
        BoundSlot slot;
        synchronized (bounds) { slot = bounds.computeIfAbsent(key, k -> new BoundSlot()); }
        synchronized (slot) {
            if (slot.value == null) slot.value = computeBound(key, w, blockedCores);
            return slot.value;
        }
    }

    private double[] computeBound(BoundKey key, Weights w, boolean[] blockedCores) {
        double[] b;
        int nc = g.coreCount();
        Counter how = null;
        if (key.target() < nc && ConstrainedSearch.derivesFromObjective(w, key.dim())) {
            double[] objective = bound(new BoundKey(key.weights(), ConstrainedSearch.OBJECTIVE, key.target(), key.exclusions()), w, blockedCores);
            b = ConstrainedSearch.latencyFromObjective(objective, nc);
            how = Counter.BOUNDS_DERIVED;
        } else if (key.target() < nc) {
            b = ConstrainedSearch.coreBound(g, w, key.dim(), key.target(), blockedCores, CoreHeap.of(g));
            how = Counter.BOUND_SEARCHES;
        } else {
            // An edge target is reached through one of its cores, whose bounds every tenant
            // view with these exclusions shares: the last link plus that core's bound.
            b = new double[nc];
            java.util.Arrays.fill(b, Double.POSITIVE_INFINITY);
            double[] cost = ConstrainedSearch.linkCosts(g, w, key.dim());
            int t = key.target();
            for (int i = g.outStart(t), end = g.outEnd(t); i < end; i++) {
                int in = g.reverse(g.outLink(i));
                int cj = g.src(in);
                if (cj >= nc || blockedCores[cj] || w.w1[in] == Double.POSITIVE_INFINITY) continue;
                double[] viaCore = bound(new BoundKey(key.weights(), key.dim(), cj, key.exclusions()), w, blockedCores);
                double last = cost[in];
                for (int v = 0; v < nc; v++) b[v] = Math.min(b[v], viaCore[v] + last);
            }
        }
        if (how != null) count(how);
        return b;
    }

    // ---------------------------------------------------------------- bookkeeping types

    record GroupKey(String tenant, String vpc, String trafficClass) implements Comparable<GroupKey> {
        @Override
        public int compareTo(GroupKey o) {
            int c = tenant.compareTo(o.tenant);
            if (c == 0) c = vpc.compareTo(o.vpc);
            return c != 0 ? c : trafficClass.compareTo(o.trafficClass);
        }
    }

    record ForestKey(Weights.Key weights, String exclusions) {}

    /** The trees of one class and exclusion set, computed per source on first use (lock: the slot's stripe). */
    static final class Forest {
        /** Its place in {@link Pce#forestById}: demands name the forests they read by it. */
        final int id;
        final ForestKey key;
        Weights w;
        final boolean[] blocked;
        /** Per source core; null until first used. */
        final ShortestPathTree[] trees;
        /** During an update only: per source core, which targets' labels or paths changed (null: none). */
        boolean[][] changes;
        /** Demands that read this forest's entries for a core (reverse index; may hold stale entries). */
        final Filing byCore;
        /** Locks for computing trees, a slot's by its source (see {@link Pce#tree}). */
        private final Object[] stripes = new Object[16];

        {
            for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
        }

        Object stripe(int source) { return stripes[source & (stripes.length - 1)]; }

        Forest(int id, ForestKey key, Weights w, boolean[] blocked, int cores) {
            this.id = id;
            this.byCore = new Filing(cores);
            this.trees = new ShortestPathTree[cores];
            this.key = key;
            this.w = w;
            this.blocked = blocked;
        }
    }

    /** One tenant and class: its view and compiled class, and per demand the result and what it read. */
    private record Group(GroupKey key, TenantIntent intent, TenantView view, TrafficClass cls, List<Demand> demands,
                         PathResult[] results) {}

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
            if (forestCount == forests.length) forests = java.util.Arrays.copyOf(forests, forestCount * 2);
            forests[forestCount++] = f;
        }

        void touchCore(int c) {
            if (c >= coreStamp.length) coreStamp = java.util.Arrays.copyOf(coreStamp, Math.max(c + 1, 2 * coreStamp.length));
            if (coreStamp[c] == stamp) return;
            coreStamp[c] = stamp;
            if (coreCount == cores.length) cores = java.util.Arrays.copyOf(cores, coreCount * 2);
            cores[coreCount++] = c;
        }

        void touchEdge(int v) {
            for (int i = 0; i < edgeCount; i++) if (edges[i] == v) return;
            if (edgeCount == edges.length) edges = java.util.Arrays.copyOf(edges, edgeCount * 2);
            edges[edgeCount++] = v;
        }
    }

    /**
     * What a tenant result read, so a change can tell whether it matters: once sealed, one
     * array holding the links read (sorted, distinct), then the cores whose trees or tree
     * entries it read, then its edges, then the ids of the forests it read.
     */
    static final class Deps {
        private Group owner;
        /** The demand's place in result order (the engine's demands are fixed for its life). */
        private int id;
        /** Its place in its group. */
        private int index;
        private int seen;
        /** Set when an exact search ran: then any improvement anywhere in the view may matter. */
        boolean global;
        private boolean sealed;
        private int[] packed = NO_INTS;
        private int linkCount, coreCount, edgeCount, forestCount;
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

        private boolean touchesEdge(int v) {
            for (int i = 0; i < edgeCount; i++) if (edge(i) == v) return true;
            return false;
        }

        private boolean readCore(int c) {
            for (int i = 0; i < coreCount; i++) if (core(i) == c) return true;
            return false;
        }

        private boolean readForest(int id) {
            for (int i = 0; i < forestCount; i++) if (forestId(i) == id) return true;
            return false;
        }

        /**
         * An exact search's answer is the least feasible path in a total order (objective, then
         * link sequence). A link that only got worse and is not on any reported path can remove
         * feasible paths but never the least one, so such a change leaves it as it was; any
         * other change to the view may matter.
         */
        boolean affectedBy(Pce pce, Network g, int l, boolean degradation, TenantView view) {
            if (!sealed) throw new IllegalStateException("dependencies not sealed");
            if (global && !degradation && canCarry(g, l, view)) return true;
            if (touchesEdge(g.src(l)) || touchesEdge(g.dst(l))) return true;
            if (java.util.Arrays.binarySearch(packed, 0, linkCount, l) >= 0) return true;
            for (int i = 0; i < forestCount; i++) {
                boolean[][] byTree = pce.forest(forestId(i)).changes;
                if (byTree == null) continue;
                for (int a = 0; a < coreCount; a++) {
                    boolean[] changed = byTree[core(a)];
                    if (changed == null) continue;
                    for (int b = 0; b < coreCount; b++) if (changed[core(b)]) return true;
                }
            }
            return false;
        }
    }

    /** One demand: a class from one site to another, in the tenant's view, with what its result read. */
    record Demand(TenantView view, TenantIntent intent, TrafficClass cls, String from, String to, int source, int target,
                  Deps deps) {
        Demand {
            Objects.requireNonNull(view);
        }

        int maxHops() { return intent.spec().maxHops() == null ? 0 : intent.spec().maxHops(); }

        Demand withoutExclusions() { return new Demand(view.withoutExclusions(), intent, cls, from, to, source, target, deps); }

        ConstrainedSearch.Query query(Network g, Weights w, boolean[] extraBlockedNodes, boolean[] blockedLinks,
                                      ConstrainedSearch.Bounds bounds) {
            boolean[] blocked = view.blockedNodes(g);
            if (extraBlockedNodes != null) for (int i = 0; i < blocked.length; i++) blocked[i] |= extraBlockedNodes[i];
            return new ConstrainedSearch.Query(g, w, maxHops(), blocked, blockedLinks, source, target, view.waypoints(), bounds);
        }
    }
}
