package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The path computation engine: a shared core PCE (shortest-path trees over the core per class
 * and exclusion set, computed once and reused by every tenant) plus per-tenant composition of
 * the tenant's edge legs, waypoints, topology mode, hop limit and fallbacks.
 *
 * <p>The results are a pure function of (network, intents); this object only keeps caches so
 * that a link-state change recomputes just the trees and tenant results it can affect.
 * Not thread-safe: the controller drives it from its single event queue. (The full compute
 * solves tenants on the common fork-join pool internally; see {@link #compute(Network, Collection, boolean)}.)
 *
 * <p>It is the facade and the update: the jobs are {@link DemandSolver} (one demand's result),
 * {@link TreeCache} (weights and core trees), {@link BoundCache} (the exact search's bounds) and
 * {@link DependencyIndex} (which demands a change can affect).
 */
public final class Pce {

    /** What the engine did, for benchmarks and metrics. */
    public enum Counter { TREES, TREES_DERIVED, TREES_SHARED, COMPOSED_PRIMARY, CONSTRAINED_PRIMARY, BACKUP_FROM_CANDIDATES, BACKUP_DIRECT_LINK, BACKUP_EXACT, EXACT_SEARCHES, BOUND_SEARCHES, BOUNDS_DERIVED, DEMANDS_CHECKED, DEMANDS_RECOMPUTED }

    private Network g;
    private final List<TenantIntent> intents;
    private final TreeMap<DemandGroup.Key, DemandGroup> groups = new TreeMap<>();
    private final Counters counters = new Counters();
    private final TreeCache trees;
    private final BoundCache bounds;
    private final DemandSolver solver;
    private DependencyIndex index;

    private Pce(Network g, Collection<TenantIntent> intents) {
        this.g = g;
        this.intents = List.copyOf(intents);
        this.trees = new TreeCache(g, counters);
        this.bounds = new BoundCache(g, trees, counters);
        this.solver = new DemandSolver(g, trees, bounds, counters);
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
        Stream<TenantIntent> each = parallel ? pce.intents.parallelStream() : pce.intents.stream();
        List<List<DemandGroup>> built = each.map(intent -> {
            // The view depends on the intent alone (it scans every node), so its classes share it.
            TenantView view = TenantView.of(network, intent);
            List<DemandGroup> out = new ArrayList<>();
            for (String cls : intent.classes().keySet()) {
                out.add(DemandGroup.of(new DemandGroup.Key(intent.tenant(), intent.vpc(), cls), intent, view, cls));
            }
            return out;
        }).toList();
        for (List<DemandGroup> intentGroups : built) {
            for (DemandGroup grp : intentGroups) {
                if (pce.groups.putIfAbsent(grp.key(), grp) != null) throw new IllegalArgumentException("duplicate intent for " + grp.key());
            }
        }
        DemandGroup[] all = pce.groups.values().toArray(new DemandGroup[0]);
        List<Demand> inOrder = new ArrayList<>();
        for (DemandGroup grp : all) inOrder.addAll(grp.demands());
        pce.index = new DependencyIndex(network, inOrder);
        IntStream range = IntStream.range(0, all.length);
        (parallel ? range.parallel() : range).forEach(i -> pce.solveGroup(all[i]));
        // The reverse index is filed afterwards, in result order.
        pce.index.fileAll(parallel);
        return pce;
    }

    private void solveGroup(DemandGroup grp) {
        for (int i = 0; i < grp.results().length; i++) grp.results()[i] = solver.solve(grp.demands().get(i));
    }

    public Network network() { return g; }

    /** Every demand's result, ordered by tenant, VPC, class, source and destination site. */
    public List<PathResult> results() {
        List<PathResult> all = new ArrayList<>();
        for (DemandGroup grp : groups.values()) all.addAll(Arrays.asList(grp.results()));
        return List.copyOf(all);
    }

    /** Counts since this engine was created. */
    public SortedMap<Counter, Long> counters() { return counters.sums(); }

    /**
     * Applies one link-state change and recomputes only what it can affect: the core trees whose
     * labels or paths it may change, then the tenant results that read a changed tree entry or
     * the changed edge leg. The outcome equals {@link #compute} on the new network.
     *
     * @return the results that changed, in result order
     */
    public List<PathResult> update(LinkReading state, Freshness freshness) {
        int l = g.requireLink(state);
        Network next = g.withLinkState(state, freshness);
        List<Forest> touched = trees.follow(next, l);
        boolean degradation = Network.isDegradation(g, next, l);
        g = next;
        trees.moveTo(next);
        bounds.moveTo(next, degradation);
        solver.moveTo(next);
        List<Demand> candidates = index.candidates(g, l, touched, degradation);
        // Whether a demand is affected depends only on what it read and on the trees that
        // changed, not on the other demands' new results: filter, then order what is left.
        List<Demand> affected = new ArrayList<>();
        for (Demand d : candidates) if (d.deps().affectedBy(trees, g, l, degradation, d.view())) affected.add(d);
        counters.count(Counter.DEMANDS_CHECKED, candidates.size());
        affected.sort(Comparator.comparingInt(d -> d.deps().id));
        List<PathResult> changed = new ArrayList<>();
        for (Demand d : affected) {
            counters.count(Counter.DEMANDS_RECOMPUTED);
            DemandGroup grp = d.deps().owner;
            Deps was = d.deps().snapshot();
            PathResult fresh = solver.solve(d);
            index.refile(d, was);
            if (!fresh.equals(grp.results()[d.deps().index])) changed.add(fresh);
            grp.results()[d.deps().index] = fresh;
        }
        trees.endUpdate(touched);
        index.rebuildIfStale();
        return changed;
    }
}
