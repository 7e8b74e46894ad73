package dev.galactic.agent.driver.linux;

import dev.galactic.core.model.ClassifierSpec;
import dev.galactic.core.render.NodeConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link NodeConfig} means for a Linux kernel: routes by table, policy rules, one nftables
 * table, and with the eBPF data plane the contents of its maps ({@link EbpfMaps}). Pure: the
 * driver diffs it against what is installed. Three mechanisms ({@link Dataplane}): kernel seg6
 * with VRF devices, kernel seg6 without them, and eBPF (kernels without seg6 lightweight tunnels).
 *
 * <ul>
 *   <li>Table {@code tenant * 64 + class} (offset by {@link #TABLE_BASE}) per tenant class, and
 *       {@code tenant * 64 + 63} where decapsulated traffic is delivered to the local sites.
 *       Every tenant table ends in {@code unreachable default}: no lookup falls through to main.</li>
 *   <li>A site's packets use its VPC's default class table ({@code iif} rule); classifier
 *       matches are marked in nftables and ruled into their class's table.</li>
 *   <li>End.DT6 uses its table; End.DT4 is emulated with End.DX4 to 0.0.0.0, a mark on the SID and
 *       a rule (no VRF here).</li>
 *   <li>After encapsulation the outer packet is looked up with the site's {@code iif} still set:
 *       a rule sends lookups into the SID space to main, and an nftables guard drops packets a
 *       site sends into the SID space natively.</li>
 *   <li>A site reaches no address of the edge itself except the edge's address on the site's own
 *       port (nftables: local destination not configured on the incoming interface is dropped).</li>
 * </ul>
 */
public final class LinuxPlan {

    public static final long TABLE_BASE = 1_000_000;
    public static final String ANCHOR = "sid0";
    static final int PREF_UNDERLAY = 1000, PREF_STEER = 1500, PREF_DECAP = 1600, PREF_SITE = 2000;

    /** Where an attachment is wired on this node: its interface and the customer's next hops. */
    public record SitePort(String device, String gateway4, String gateway6) {
    }

    /**
     * Where the tunnel to a peer lives on this node: its WireGuard interface (made by whoever
     * provisions the node: kernel WireGuard or wireguard-go), the port it listens on, and where
     * to reach the peer when the controller's address is not the one to use (NAT, relays, lab).
     *
     * @param listenPort null: leave the port as it is
     * @param endpoint "[addr]:port" or "addr:port"; null: the config's endpoint, or none (the peer dials in)
     */
    public record TunnelPort(String device, Integer listenPort, String endpoint) {
    }

    /** @param family 4 or 6; @param spec the arguments after {@code route replace} */
    public record Route(int family, String table, String dst, String spec) {
        RouteKey key() { return new RouteKey(family, table, dst); }
    }

    /** What identifies a route in the kernel: a replace with the same key overwrites it. */
    record RouteKey(int family, String table, String dst) {
    }

    /** @param spec canonical: {@code pref N [iif D] [fwmark M] [to P] lookup T} */
    public record Rule(int family, String spec) {
    }

    /**
     * How this kernel carries SRv6. {@code SEG6_VRF}: seg6 lightweight tunnels, decapsulation
     * into VRF devices (End.DT4/DT6/DT46 with {@code vrftable}, what production kernels have).
     * {@code SEG6_TABLES}: seg6 without VRF (End.DT6 with a table, End.DT4 emulated).
     * {@code EBPF}: no seg6 at all; the programs of {@code galactic_srv6.bpf.c} encapsulate at the
     * egress of {@link #ENCAP_DEVICE}, and run End and decapsulation at the underlay's ingress,
     * from maps. The driver probes the kernel to choose; ingress steering is rule-based in all three.
     */
    public enum Dataplane { SEG6_VRF, SEG6_TABLES, EBPF }

    /** The eBPF data plane's encapsulating device: tenant tables route remote prefixes to it. */
    public static final String ENCAP_DEVICE = "gsrv6";
    /** IPv6 + SRH before the segments: 40 + 8 bytes. */
    static final int SRH_BASE_OVERHEAD = 48;

    /** A VRF device bound to a tenant's delivery table (VRF mode only). */
    public record Vrf(String device, long table) {
    }

    /** @param maps what the eBPF programs' maps hold (null for the seg6 mechanisms) */
    public record Desired(String sourceAddress, List<Route> routes, List<Rule> rules, String nft, List<Vrf> vrfs, EbpfMaps maps) {
    }

    private LinuxPlan() {
    }

    public static long table(int tenantId, int classIndex) {
        return TABLE_BASE + (long) tenantId * 64 + classIndex;
    }

    /** The mark of a table: classifiers set a class's, decapsulation a VPC delivery table's. */
    static String classMark(int tenantId, int classIndex) { return "0x" + Integer.toHexString(0x20000 + tenantId * 64 + classIndex); }

    /** The VRF device of a VPC's delivery table, named by its numbers (interface names are short). */
    static String vrfDevice(int tenantId, int deliveryIndex) { return "gvrf" + tenantId + "." + deliveryIndex; }

    private static List<String> vpcs(NodeConfig.TenantConfig t) {
        return t.sites().stream().map(NodeConfig.Site::vpc).distinct().sorted().toList();
    }

    public static Desired plan(NodeConfig c, Map<String, SitePort> ports) {
        return plan(c, ports, Dataplane.SEG6_TABLES);
    }

    /** The underlay MTU assumed towards a first segment that no tunnel of the config carries. */
    public static final int DEFAULT_UNDERLAY_MTU = 1500;

    public static Desired plan(NodeConfig c, Map<String, SitePort> ports, Dataplane decap) {
        return plan(c, ports, decap, sid -> DEFAULT_UNDERLAY_MTU);
    }

    /**
     * @param underlayMtu eBPF: the MTU of the way towards a first segment no tunnel of the config
     *                    carries (the driver asks the kernel's routes)
     */
    public static Desired plan(NodeConfig c, Map<String, SitePort> ports, Dataplane decap, java.util.function.ToIntFunction<String> underlayMtu) {
        List<Route> routes = new ArrayList<>();
        Set<Rule> rules = new LinkedHashSet<>();
        List<String> nft = new ArrayList<>();
        Set<String> sitePorts = new java.util.TreeSet<>();
        Map<String, NodeConfig.TenantConfig> byTenant = new TreeMap<>();
        c.tenants().forEach(t -> byTenant.put(t.tenant(), t));

        boolean ebpf = decap == Dataplane.EBPF;
        EbpfMaps.Builder maps = ebpf ? new EbpfMaps.Builder(c.sourceAddress()) : null;
        List<Vrf> vrfs = new ArrayList<>();
        if (decap == Dataplane.SEG6_VRF) {
            for (NodeConfig.TenantConfig t : c.tenants()) {
                for (String vpc : vpcs(t)) vrfs.add(new Vrf(vrfDevice(t.tenantId(), t.deliveryIndex(vpc)), table(t.tenantId(), t.deliveryIndex(vpc))));
            }
        }

        for (NodeConfig.LocalSid s : c.localSids()) {
            String dst = s.sid() + "/128";
            // a decapsulation SID leads into its VPC's delivery table; the mark is that table's
            NodeConfig.TenantConfig owner = s.tenant() == null ? null : byTenant.get(s.tenant());
            if (s.tenant() != null && owner == null) {
                throw new IllegalArgumentException("SID " + s.sid() + " names tenant " + s.tenant() + ", which has no sites on this node");
            }
            int t = owner == null ? 0 : owner.tenantId();
            int delivery = owner == null ? 0 : owner.deliveryIndex(s.vpc());
            long deliveryTable = table(t, delivery);
            String mark = classMark(t, delivery);
            if (ebpf) {
                maps.sid(s, t, owner == null ? 0 : Integer.decode(mark));
                if (owner != null) for (int f : new int[]{4, 6}) rules.add(new Rule(f, "pref " + PREF_DECAP + " fwmark " + mark + " lookup " + deliveryTable));
                continue;
            }
            if (decap == Dataplane.SEG6_VRF && owner != null) {
                String action = switch (s.function()) {
                    case END_DT4 -> "End.DT4";
                    case END_DT6 -> "End.DT6";
                    case END_DT46 -> "End.DT46";
                    default -> throw new IllegalArgumentException(s.function() + " is not supported by the linux driver yet");
                };
                routes.add(new Route(6, "main", dst, dst + " encap seg6local action " + action + " vrftable " + deliveryTable + " dev " + ANCHOR));
                continue;
            }
            switch (s.function()) {
                case END -> routes.add(new Route(6, "main", dst, dst + " encap seg6local action End dev " + ANCHOR));
                case END_DT6 -> routes.add(new Route(6, "main", dst, dst + " encap seg6local action End.DT6 table " + deliveryTable + " dev " + ANCHOR));
                case END_DT4 -> {
                    routes.add(new Route(6, "main", dst, dst + " encap seg6local action End.DX4 nh4 0.0.0.0 dev " + ANCHOR));
                    nft.add("ip6 daddr " + s.sid() + " meta mark set " + mark);
                    rules.add(new Rule(4, "pref " + PREF_DECAP + " fwmark " + mark + " lookup " + deliveryTable));
                }
                default -> throw new IllegalArgumentException(s.function() + " is not supported by the linux driver yet");
            }
        }

        for (NodeConfig.TenantConfig t : c.tenants()) {
            int id = t.tenantId();
            Map<String, Integer> defaultClass = new TreeMap<>();
            t.classes().stream().filter(NodeConfig.ClassRoutes::vpcDefault).forEach(cr -> defaultClass.put(cr.vpc(), cr.index()));
            // delivery: decapsulated packets go to the local sites, each VPC through its own table
            for (NodeConfig.Site site : t.sites()) {
                SitePort port = port(ports, site.attachment());
                for (String p : site.prefixes()) routes.add(local(p, port, table(id, t.deliveryIndex(site.vpc()))));
                sitePorts.add(port.device());
                Integer d = defaultClass.get(site.vpc());
                if (d != null) {
                    for (int f : new int[]{4, 6}) rules.add(new Rule(f, "pref " + PREF_SITE + " iif " + port.device() + " lookup " + table(id, d)));
                }
                if (ebpf) {
                    // a site without a route of its VPC here never reaches the encap device: class 0 is never used
                    maps.port(port.device(), id, d == null ? 0 : d);
                } else {
                    rules.add(new Rule(6, "pref " + PREF_UNDERLAY + " iif " + port.device() + " to " + c.sidSpace() + " lookup main"));
                }
            }
            if (ebpf) maps.counter(id, EbpfMaps.DECAP_CLASS);
            for (String vpc : vpcs(t)) unreachable(routes, table(id, t.deliveryIndex(vpc)));
            for (NodeConfig.ClassRoutes cr : t.classes()) {
                long table = table(id, cr.index());
                for (NodeConfig.Route r : cr.routes()) {
                    if (r.local()) {
                        routes.add(local(r.prefix(), port(ports, r.site()), table));
                    } else if (ebpf) {
                        int f = isV4(r.prefix()) ? 4 : 6;
                        maps.encap(id, cr.index(), r.prefix(), r.segments());
                        int mtu = Math.max(f == 4 ? 576 : 1280, underlayMtu(c, r.segments().getFirst(), underlayMtu) - SRH_BASE_OVERHEAD - 16 * r.segments().size());
                        routes.add(new Route(f, Long.toString(table), r.prefix(), r.prefix() + " dev " + ENCAP_DEVICE + " mtu " + mtu + " table " + table));
                    } else {
                        int f = isV4(r.prefix()) ? 4 : 6;
                        routes.add(new Route(f, Long.toString(table), r.prefix(), r.prefix() + " encap seg6 mode encap segs "
                                + String.join(",", r.segments()) + " dev " + ANCHOR + " table " + table));
                    }
                }
                unreachable(routes, table);
                if (ebpf) maps.counter(id, cr.index());
            }
            for (NodeConfig.Steering s : t.steering()) {
                String mark = classMark(id, s.classIndex());
                for (NodeConfig.Site site : t.sites()) {
                    if (!site.vpc().equals(s.vpc())) continue;
                    nft.addAll(match("iifname \"" + port(ports, site.attachment()).device() + "\"", s.match(), mark));
                }
                for (int f : new int[]{4, 6}) rules.add(new Rule(f, "pref " + PREF_STEER + " fwmark " + mark + " lookup " + table(id, s.classIndex())));
            }
        }
        List<String> script = new ArrayList<>();
        if (!sitePorts.isEmpty()) {
            String fromSites = "iifname { " + String.join(", ", sitePorts.stream().map(d -> "\"" + d + "\"").toList()) + " }";
            script.add(fromSites + " ip6 daddr " + c.sidSpace() + " drop");
            // the local table is looked up before any tenant rule: without this a site could
            // reach every address of the edge itself (management, underlay, other sites' ports);
            // only the edge's address on the site's own port answers it
            script.add(fromSites + " fib daddr type local fib daddr . iif type != local drop");
        }
        script.addAll(nft);
        return new Desired(c.sourceAddress(), routes, List.copyOf(rules), nftScript(script), List.copyOf(vrfs), ebpf ? maps.build() : null);
    }

    /**
     * The MTU of the tunnel a segment list leaves through (the one whose peer's locator holds its
     * first SID), or what {@code otherwise} says: an encapsulated packet must fit it whole.
     */
    static int underlayMtu(NodeConfig c, String firstSid, java.util.function.ToIntFunction<String> otherwise) {
        dev.galactic.core.net.IpAddress sid = dev.galactic.core.net.IpAddress.parse(firstSid);
        for (NodeConfig.Tunnel t : c.tunnels()) {
            if (t.mtu() != null && t.peerLocator() != null && dev.galactic.core.net.IpPrefix.parse(t.peerLocator()).contains(sid)) return t.mtu();
        }
        return otherwise.applyAsInt(firstSid);
    }

    private static SitePort port(Map<String, SitePort> ports, String attachment) {
        SitePort p = ports.get(attachment);
        if (p == null) throw new IllegalArgumentException("attachment " + attachment + " has no port on this node: add it to the agent's site map");
        return p;
    }

    private static Route local(String prefix, SitePort port, long table) {
        boolean v4 = isV4(prefix);
        String gw = v4 ? port.gateway4() : port.gateway6();
        String via = gw == null ? "" : "via " + gw + " ";
        return new Route(v4 ? 4 : 6, Long.toString(table), prefix, prefix + " " + via + "dev " + port.device() + " table " + table);
    }

    /** The config's prefixes were validated upstream: the family shows in the text (cheap for 10,000 routes). */
    private static boolean isV4(String prefix) {
        return prefix.indexOf(':') < 0;
    }

    private static void unreachable(List<Route> routes, long table) {
        routes.add(new Route(4, Long.toString(table), "default", "unreachable default table " + table));
        routes.add(new Route(6, Long.toString(table), "default", "unreachable default table " + table));
    }

    /** A classifier as nftables rules (one per address family its prefixes need); a match ends the chain. */
    static List<String> match(String iif, ClassifierSpec.Match m, String mark) {
        StringBuilder common = new StringBuilder(iif);
        if (m.protocol() != null && m.protocol() != ClassifierSpec.Protocol.ANY) {
            common.append(" meta l4proto ").append(m.protocol() == ClassifierSpec.Protocol.ICMP ? "{ icmp, icmpv6 }" : m.protocol().name().toLowerCase());
        }
        if (!m.destinationPorts().isEmpty()) common.append(" th dport { ").append(String.join(", ", m.destinationPorts())).append(" }");
        List<String> out = new ArrayList<>();
        for (int f : new int[]{4, 6}) {
            String fam = f == 4 ? "ip" : "ip6";
            List<String> src = m.sourcePrefixes().stream().filter(p -> isV4(p) == (f == 4)).toList();
            List<String> dst = m.destinationPrefixes().stream().filter(p -> isV4(p) == (f == 4)).toList();
            // a family the match names prefixes for only in the other family cannot match
            if ((src.isEmpty() && !m.sourcePrefixes().isEmpty()) || (dst.isEmpty() && !m.destinationPrefixes().isEmpty())) continue;
            StringBuilder r = new StringBuilder(common).append(" meta nfproto ").append(f == 4 ? "ipv4" : "ipv6");
            if (!src.isEmpty()) r.append(' ').append(fam).append(" saddr { ").append(String.join(", ", src)).append(" }");
            if (!dst.isEmpty()) r.append(' ').append(fam).append(" daddr { ").append(String.join(", ", dst)).append(" }");
            if (m.dscp() != null) r.append(' ').append(fam).append(" dscp ").append(m.dscp());
            // terminal: classifiers come in priority order, and the first that matches decides
            out.add(r.append(" meta mark set ").append(mark).append(" accept").toString());
        }
        return out;
    }

    private static String nftScript(List<String> rules) {
        StringBuilder s = new StringBuilder();
        s.append("table inet ").append(LinuxDriver.NFT_TABLE).append(" {}\n");
        s.append("flush table inet ").append(LinuxDriver.NFT_TABLE).append("\n");
        s.append("table inet ").append(LinuxDriver.NFT_TABLE).append(" {\n");
        s.append("  chain prerouting {\n    type filter hook prerouting priority mangle; policy accept;\n");
        rules.forEach(r -> s.append("    ").append(r).append('\n'));
        s.append("  }\n}\n");
        return s.toString();
    }
}
