package dev.galactic.core.pce;

import java.util.Objects;

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
