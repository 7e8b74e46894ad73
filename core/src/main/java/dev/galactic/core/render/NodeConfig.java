package dev.galactic.core.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.galactic.core.model.ClassifierSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.sid.SidFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything one node must hold for the backbone to carry its tenants: the desired state an
 * agent makes real through its data-plane driver (Linux, VPP). It says what, not how: "decapsulate
 * tenant acme's IPv4 into its table" rather than iproute2 commands, so each driver can use the
 * best mechanism its platform has (a VRF, or a table with rules).
 *
 * <p>Core nodes carry no tenant state: only their locator, End SID and tunnels.
 *
 * @param locator the node's SRv6 locator
 * @param sourceAddress the node's own address: encapsulation source and probe address
 * @param sidSpace a prefix that covers every locator: tenants may not send into it natively,
 *                 and encapsulated packets towards it are routed by the underlay
 * @param localSids the SIDs this node answers to
 * @param tunnels WireGuard tunnels: an edge's uplinks, or a core's edges
 * @param tenants per tenant with a site on this node: where its prefixes go (edges only)
 */
public record NodeConfig(String node, NodeRole role, String locator, String sourceAddress, String sidSpace,
                         List<LocalSid> localSids, List<Tunnel> tunnels, List<TenantConfig> tenants) {

    public NodeConfig {
        localSids = List.copyOf(localSids);
        tunnels = List.copyOf(tunnels);
        tenants = List.copyOf(tenants);
    }

    /**
     * @param tenant the tenant whose table a decapsulation SID leads into; null for End
     * @param vpc the VPC whose delivery table it leads into (each VPC is its own routing
     *            domain, so two VPCs of a tenant may use the same prefixes); null for End
     */
    public record LocalSid(String sid, SidFunction function, String tenant, String vpc) {
    }

    /**
     * @param peer the node at the other end
     * @param endpoint the peer's underlay address to send to (null: the peer dials us)
     * @param peerPublicKey the peer's WireGuard public key, null until its agent reported it
     * @param allowedPrefixes what may arrive through the tunnel: the peer's locator, and for a
     *                        core's edge also what the edge sources (its locator)
     * @param mtu the tunnel interface's MTU (the link's underlay MTU less WireGuard's overhead); null: leave it
     * @param peerLocator the peer's SRv6 locator: a segment list whose first SID is in it leaves through this tunnel
     */
    public record Tunnel(String peer, String endpoint, String peerPublicKey, List<String> allowedPrefixes, Integer mtu,
                         String peerLocator) {
        public Tunnel {
            allowedPrefixes = List.copyOf(allowedPrefixes);
        }
    }

    /**
     * @param tenantId the tenant's id (argument of its decapsulation SIDs; drivers derive table numbers from it)
     * @param sites the tenant's attachments on this node and the prefixes behind them
     * @param classes one routing table per traffic class in use; the first of each VPC is its default class
     * @param steering classifier rules that put matching packets into a class's table
     */
    public record TenantConfig(String tenant, int tenantId, List<Site> sites, List<ClassRoutes> classes, List<Steering> steering) {

        /** Table numbers a tenant has on a node: its classes count up from 0, its VPCs' delivery tables down from here. */
        public static final int TABLES = 64;

        public TenantConfig {
            sites = List.copyOf(sites);
            classes = List.copyOf(classes);
            steering = List.copyOf(steering);
            long vpcs = sites.stream().map(Site::vpc).distinct().count();
            int highest = classes.stream().mapToInt(ClassRoutes::index).max().orElse(-1);
            if (highest + 1 + vpcs > TABLES) {
                throw new IllegalArgumentException("tenant " + tenant + " needs " + (highest + 1) + " class tables and " + vpcs
                        + " VPC delivery tables on one node, more than " + TABLES);
            }
        }

        /**
         * The index of a VPC's delivery table (where its decapsulated packets are routed to the
         * local sites): one per VPC with a site here, counted down from the top so they never
         * meet the class indices.
         */
        public int deliveryIndex(String vpc) {
            List<String> vpcs = sites.stream().map(Site::vpc).distinct().sorted().toList();
            int i = vpcs.indexOf(vpc);
            if (i < 0) throw new IllegalArgumentException("tenant " + tenant + " has no site of VPC " + vpc + " on this node");
            return TABLES - 1 - i;
        }
    }

    /**
     * @param prefixes what is behind the site: its static prefixes and the learned ones the
     *                 controller accepted (the driver routes both alike towards the site)
     * @param bgp the site's BGP session, null without one (and then absent from the JSON, so
     *            configs without BGP keep their hash)
     */
    public record Site(String attachment, String vpc, List<String> prefixes,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Bgp bgp) {
        public Site {
            prefixes = List.copyOf(prefixes);
        }

        public Site(String attachment, String vpc, List<String> prefixes) {
            this(attachment, vpc, prefixes, null);
        }
    }

    /**
     * The edge's side of a site's BGP session: what the edge's speaker for this attachment
     * must be. The speaker only exchanges reachability; it installs no route (forwarding is
     * this config's routes).
     *
     * @param localAsn the tenant's ASN (Tenant {@code spec.asn}, else {@link dev.galactic.core.bgp.TenantAsn})
     * @param peerAsn the customer's ASN
     * @param peerAddress the customer router's address on the attachment's link; the speaker
     *                    uses the edge's own address on that link
     * @param holdTimeSeconds hold time; keepalives every third of it
     * @param shutdown whether the session is to be held down (maxPrefixAction tear-down fired)
     * @param advertise what the customer is told the VPC reaches through this edge: the other
     *                  sites' prefixes (static and learned) this edge has a route for, in the
     *                  session's address family, sorted
     */
    public record Bgp(long localAsn, long peerAsn, String peerAddress, int holdTimeSeconds, boolean shutdown,
                      List<String> advertise) {
        public Bgp {
            advertise = List.copyOf(advertise);
        }
    }

    /**
     * The routes of one VPC and traffic class.
     *
     * @param index the class's number within the tenant on this node, 0 for the first; drivers
     *              use it for table numbers and packet marks
     */
    public record ClassRoutes(String vpc, String trafficClass, int index, boolean vpcDefault, List<Route> routes) {
        public ClassRoutes {
            routes = List.copyOf(routes);
        }
    }

    /**
     * How to reach one remote or local prefix.
     *
     * @param segments the SRv6 segment list (cores' End SIDs, then the destination edge's
     *                 decapsulation SID); empty for a site on this node
     * @param backupSegments a disjoint alternative the agent may switch to on its own when the
     *                       primary fails; empty when there is none
     * @param site the destination attachment
     * @param via the path's nodes, for people reading the config
     */
    public record Route(String prefix, List<String> segments, List<String> backupSegments, String site, List<String> via) {
        public Route {
            segments = List.copyOf(segments);
            backupSegments = List.copyOf(backupSegments);
            via = List.copyOf(via);
        }

        public boolean local() { return segments.isEmpty(); }
    }

    /** A classifier: packets of the VPC matching {@code match} use the class's table. */
    public record Steering(String classifier, String vpc, int priority, String trafficClass, int classIndex,
                           ClassifierSpec.Match match) {
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** SHA-256 of the canonical JSON: equal configs, equal hashes, whichever process made them. */
    public String hash() {
        try {
            byte[] json = CANONICAL.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
