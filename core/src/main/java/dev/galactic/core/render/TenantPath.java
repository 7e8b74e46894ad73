package dev.galactic.core.render;

import java.util.List;

/**
 * A computed path between two sites of a VPC for one traffic class, as the renderer needs it.
 *
 * @param hops node names from the source site's edge to the destination site's edge
 * @param backupHops a disjoint alternative, empty when there is none
 */
public record TenantPath(String tenant, String vpc, String trafficClass, String fromAttachment, String toAttachment,
                         List<String> hops, List<String> backupHops) {

    public TenantPath {
        hops = List.copyOf(hops);
        backupHops = List.copyOf(backupHops);
        if (hops.size() < 2) throw new IllegalArgumentException("a path needs at least two nodes: " + hops);
    }

    /** What the renderer programs for a computed result: nothing when nothing carries it, or when its sites share an edge (delivered there). */
    public static java.util.Optional<TenantPath> of(dev.galactic.core.pce.PathResult r) {
        if (r.primary() == null || r.primary().nodes().size() < 2) return java.util.Optional.empty();
        List<String> backup = r.backup() == null || r.backup().path().nodes().size() < 2 ? List.of() : r.backup().path().nodes();
        return java.util.Optional.of(new TenantPath(r.tenant(), r.vpc(), r.trafficClass(), r.from(), r.to(), r.primary().nodes(), backup));
    }

    public dev.galactic.core.pce.DemandKey demand() {
        return new dev.galactic.core.pce.DemandKey(tenant, vpc, trafficClass, fromAttachment, toAttachment);
    }
}
