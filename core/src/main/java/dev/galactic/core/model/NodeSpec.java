package dev.galactic.core.model;

import java.util.List;

/**
 * A router of the backbone: a core (SRv6 transit, Datum controlled) or an edge (where tenant
 * sites attach, over WireGuard, ports, compute or cloud).
 *
 * @param role core or edge
 * @param location where it is: coordinates for latency estimates and the map, country for geo-fencing
 * @param underlayAddresses addresses other nodes reach it on (probes, WireGuard endpoints)
 * @param locator the node's SRv6 locator; allocated from the SID block when absent
 */
public record NodeSpec(NodeRole role, Location location, List<String> underlayAddresses, String locator)
        implements Spec {

    public NodeSpec {
        underlayAddresses = underlayAddresses == null ? List.of() : List.copyOf(underlayAddresses);
    }

    public enum NodeRole { CORE, EDGE }

    /**
     * @param lat latitude in degrees, -90..90
     * @param lon longitude in degrees, -180..180
     * @param country ISO 3166-1 alpha-2 code, upper case
     * @param city free text
     */
    public record Location(Double lat, Double lon, String country, String city) {
    }
}
