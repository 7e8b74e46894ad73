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

    public dev.galactic.core.pce.DemandKey demand() {
        return new dev.galactic.core.pce.DemandKey(tenant, vpc, trafficClass, fromAttachment, toAttachment);
    }
}
