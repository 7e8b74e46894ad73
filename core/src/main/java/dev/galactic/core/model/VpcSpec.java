package dev.galactic.core.model;

import java.util.List;

/**
 * A tenant's private network across the backbone.
 *
 * @param type L3VPN (routed VRF) or L2VPN
 * @param trafficClass the tenant's default traffic class for this VPC
 * @param topology full mesh between sites, or hub and spoke
 * @param mustInclude core nodes every path must cross, in this order (waypoints)
 * @param mustAvoid nodes no path may cross
 * @param excludedCountries ISO country codes no path may cross (geo-fencing)
 * @param maxHops the most links a path may have, edge legs included
 */
public record VpcSpec(VpcType type, String trafficClass, Topology topology, List<String> mustInclude,
                      List<String> mustAvoid, List<String> excludedCountries, Integer maxHops) implements Spec {

    public VpcSpec {
        topology = topology == null ? Topology.FULL_MESH : topology;
        mustInclude = mustInclude == null ? List.of() : List.copyOf(mustInclude);
        mustAvoid = mustAvoid == null ? List.of() : List.copyOf(mustAvoid);
        excludedCountries = excludedCountries == null ? List.of() : List.copyOf(excludedCountries);
    }

    public enum VpcType { L3VPN, L2VPN }

    /**
     * @param mode full-mesh: every site reaches every site; hub-and-spoke: spokes reach only hubs
     * @param hubs attachment names that are hubs (hub-and-spoke only)
     */
    public record Topology(TopologyMode mode, List<String> hubs) {
        public static final Topology FULL_MESH = new Topology(TopologyMode.FULL_MESH, List.of());

        public Topology {
            mode = mode == null ? TopologyMode.FULL_MESH : mode;
            hubs = hubs == null ? List.of() : List.copyOf(hubs);
        }
    }

    public enum TopologyMode { FULL_MESH, HUB_AND_SPOKE }
}
