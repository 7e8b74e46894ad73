package dev.galactic.lab.topology;

import dev.galactic.core.model.NodeSpec.Location;
import dev.galactic.core.model.TrafficClassSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.lab.emu.Impairment;

import java.util.List;
import java.util.Optional;

/**
 * A lab as written in a topology file, after validation: nodes (cores and edges), underlay
 * links (core-core, and each edge's uplinks to cores, which carry WireGuard) and tenants with
 * their sites. See docs/lab.md for the file format.
 *
 * @param warnings things that are allowed but worth telling the user (e.g. an edge with fewer than 3 uplinks)
 */
public record Topology(String name, List<Node> nodes, List<UnderlayLink> links, List<Tenant> tenants, List<String> warnings) {

    public Topology {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        tenants = List.copyOf(tenants);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param locator the node's SRv6 locator (from the file, or allocated as fc00:N::/48)
     * @param location optional, for the controller's map and latency estimates
     */
    public record Node(String name, NodeRole role, IpPrefix locator, Location location) {
        public boolean isEdge() { return role == NodeRole.EDGE; }
    }

    /** What kind of underlay link: between two cores, or from an edge up to a core (WireGuard inside). */
    public enum LinkRole { CORE, UPLINK }

    /** How a link is made. */
    public enum Emulation {
        /** A TAP wire through the Java link emulator: delay, jitter and loss, changeable at runtime. */
        WIRE,
        /** A plain veth pair: fastest, cannot be impaired. */
        VETH,
        /** Uplinks only: a veth pair plus a UDP relay in front of the core's WireGuard port, impairing only the tunnel. */
        RELAY;

        public boolean impairable() { return this != VETH; }

        public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * An underlay link. For an UPLINK, {@code a} is the edge and {@code b} the core.
     *
     * @param cost administrative cost for the controller; null for its default
     */
    public record UnderlayLink(String a, String b, LinkRole role, Impairment impairment, Emulation emulation, Double cost) {
        /** The link's name in the lab, used by `impair`: "a-b". */
        public String name() { return a + "-" + b; }

        public boolean touches(String node) { return a.equals(node) || b.equals(node); }

        public String other(String node) { return a.equals(node) ? b : a; }
    }

    /**
     * @param trafficClass the mode of the tenant's default class (the lab gives each tenant one VPC)
     * @param waypoints cores every path of the tenant must cross, in order
     */
    public record Tenant(String name, List<Site> sites, TrafficClassSpec.Mode trafficClass, List<String> waypoints) {
        public Tenant {
            sites = List.copyOf(sites);
            waypoints = List.copyOf(waypoints);
        }
    }

    /**
     * A customer site: a customer host namespace attached to {@code edge}, owning {@code prefixes}.
     * Two tenants may use the same prefixes.
     *
     * @param bgp when present, the site's namespace runs a customer router (BIRD) that announces
     *            the prefixes to the edge instead of the Attachment declaring them
     */
    public record Site(String name, String tenant, String edge, List<IpPrefix> prefixes, SiteBgp bgp) {
        public Site {
            prefixes = List.copyOf(prefixes);
        }

        public Site(String name, String tenant, String edge, List<IpPrefix> prefixes) {
            this(name, tenant, edge, prefixes, null);
        }

        public boolean hasV4() { return prefixes.stream().anyMatch(IpPrefix::isV4); }

        public boolean hasV6() { return prefixes.stream().anyMatch(p -> !p.isV4()); }
    }

    /**
     * A site's customer router.
     *
     * @param asn its ASN
     * @param announce what it announces beyond the site's prefixes (to try the controller's route
     *                 validation: such prefixes are not allowed on the attachment)
     * @param maxPrefixes the Attachment's maxPrefixes (stop-learning), null for none
     */
    public record SiteBgp(long asn, List<IpPrefix> announce, Integer maxPrefixes) {
        public SiteBgp {
            announce = List.copyOf(announce);
        }
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public List<Node> cores() { return nodes.stream().filter(n -> !n.isEdge()).toList(); }

    public List<Node> edges() { return nodes.stream().filter(Node::isEdge).toList(); }

    public List<Site> sites() { return tenants.stream().flatMap(t -> t.sites().stream()).toList(); }

    public Optional<UnderlayLink> link(String name) {
        return links.stream().filter(l -> l.name().equals(name) || (l.b() + "-" + l.a()).equals(name)).findFirst();
    }

    public List<UnderlayLink> uplinks(String edge) {
        return links.stream().filter(l -> l.role() == LinkRole.UPLINK && l.a().equals(edge)).toList();
    }
}
