package dev.galactic.core.pce;

import dev.galactic.core.model.TrafficClassSpec;

import java.util.Arrays;
import java.util.List;

/**
 * Solves one demand on the shared core: the class's best route (composed from the core trees,
 * else the exact constrained search), its fallbacks when none meets the class, its backup and
 * explanation, recording what it read. A result is a pure function of the network and the
 * demand; the caches it reads are pure too, so demands may be solved on any thread in any order.
 */
final class DemandSolver {

    private Network g;
    private final TreeCache trees;
    private final BoundCache bounds;
    private final Counters counters;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    DemandSolver(Network g, TreeCache trees, BoundCache bounds, Counters counters) {
        this.g = g;
        this.trees = trees;
        this.bounds = bounds;
        this.counters = counters;
    }

    void moveTo(Network next) { g = next; }

    Network graph() { return g; }

    Scratch scratch() { return scratch.get(); }

    void count(Pce.Counter c) { counters.count(c); }

    Weights weights(TrafficClass cls, Objective objective, double floor) { return trees.weights(cls, objective, floor); }

    /** Solves one demand from scratch with fresh dependencies (the demand's old ones are dropped). */
    PathResult solve(Demand d) {
        Scratch s = scratch.get();
        s.candidates.reset();
        d.deps().reset(s.reading);
        PathResult r = solve(d.intent(), d.view(), d.cls(), d.from(), d.to(), d);
        d.deps().seal();
        return r;
    }

    private PathResult solve(TenantIntent intent, TenantView view, TrafficClass cls, String from, String to, Demand d) {
        Breach endpoint = view.endpointProblem(from, to);
        d.deps().touchEdge(d.source());
        d.deps().touchEdge(d.target());
        if (endpoint == null) {
            Route primary = route(d, cls);
            if (primary != null) return result(intent, cls, from, to, PathResult.Status.OK, cls.name(), d, cls, primary, null);
        }
        Breach violation = endpoint != null ? endpoint : Diagnosis.of(this, d);
        TrafficClassSpec.Fallback fb = cls.spec().fallback();
        // an excluded endpoint is never relaxed: geo-fencing is a promise, not a preference
        if (endpoint != null || fb.action() == TrafficClassSpec.FallbackAction.DROP) return unserved(intent, cls, from, to, violation);
        if (fb.action() == TrafficClassSpec.FallbackAction.BEST_EFFORT || fb.action() == TrafficClassSpec.FallbackAction.CLASS) {
            TrafficClassSpec otherSpec = fb.action() == TrafficClassSpec.FallbackAction.CLASS ? intent.classes().get(fb.trafficClass()) : null;
            if (fb.action() == TrafficClassSpec.FallbackAction.CLASS && otherSpec == null) {
                violation = new Breach(FailReason.UNKNOWN_CLASS, null, violation.detail() + "; fallback class " + fb.trafficClass() + " does not exist");
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

    private static PathResult unserved(TenantIntent intent, TrafficClass cls, String from, String to, Breach violation) {
        return new PathResult(intent.tenant(), intent.vpc(), cls.name(), from, to, PathResult.Status.VIOLATION, null, null, null, violation);
    }

    private PathResult result(TenantIntent intent, TrafficClass requested, String from, String to, PathResult.Status status,
                              String servedBy, Demand d, TrafficClass used, Route route, Breach violation) {
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
        if (Feasibility.meets(g, best.links(), cls, d.maxHops())) {
            counters.count(Pce.Counter.COMPOSED_PRIMARY);
            return best.withRunnerUp(comp.runnerUp(g), comp);
        }
        counters.count(Pce.Counter.CONSTRAINED_PRIMARY);
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
        if (best != null && Feasibility.meets(g, best.links(), cls, d.maxHops())) {
            counters.count(Pce.Counter.COMPOSED_PRIMARY);
            return best.withRunnerUp(comp.runnerUp(g), null);
        }
        counters.count(Pce.Counter.CONSTRAINED_PRIMARY);
        d.deps().global = true;
        double[] widths = Arrays.stream(d.view().candidateWidths(g, weights(cls, Objective.LATENCY, 0)))
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

    /** The demand's candidates under {@code w}, composed from the trees of its view's forest, which it records as read. */
    Composition compose(Demand d, Weights w) {
        Forest f = trees.forest(w, d.view());
        d.deps().useForest(f);
        return Composition.of(g, f, trees, d, w, scratch.get().candidates);
    }

    /** The exact constrained search, counted, in this thread's workspace. */
    int[] exact(ConstrainedSearch.Query q) {
        counters.count(Pce.Counter.EXACT_SEARCHES);
        return ConstrainedSearch.find(q, scratch.get().search);
    }

    /** An exact search for a demand under {@code w}, with the shared look-ahead bounds (see {@link BoundCache}). */
    ConstrainedSearch.Query query(Demand d, Weights w, boolean[] extraBlockedNodes, boolean[] blockedLinks) {
        return d.query(g, w, extraBlockedNodes, blockedLinks, bounds.forSearch(w, d.view()));
    }
}
