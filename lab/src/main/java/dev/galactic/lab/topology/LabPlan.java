package dev.galactic.lab.topology;

import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.lab.LabNames;
import dev.galactic.lab.topology.Topology.LinkRole;
import dev.galactic.lab.topology.Topology.Node;
import dev.galactic.lab.topology.Topology.Site;
import dev.galactic.lab.topology.Topology.UnderlayLink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every name, address and static route of a lab, computed from the topology without touching
 * the system, so it can be printed, tested and handed to a controller. Addresses only need to
 * be unique inside one lab: each lab lives in its own namespaces, never routed to the host.
 *
 * <pre>
 * locator loopback      first address of the node's locator (fc00:1::1) on lo
 * underlay link k       fd00:10:k::/64   a = ::1, b = ::2       (MTU 1900 core, 1980 uplink)
 * WireGuard tunnel k    fd00:20:k::/64   edge = ::1, core = ::2 (MTU 1900), port 51820 + k (relay: 52820 + k)
 * customer link s       172.16.s.0/30 and fd00:30:s::/64, edge = .1 / ::1, host = .2 / ::2
 * management            fd00:ff::/64 on bridge br0 in namespace PREFIX-mgmt; controller fd00:ff::1
 * </pre>
 */
public record LabPlan(Topology topology, LabNames names, Mgmt mgmt, List<NodePlan> nodes, List<LinkPlan> links,
                      List<TunnelPlan> tunnels, List<SitePlan> sites) {

    /**
     * A 1500-byte customer packet inside SRv6 is 1548 bytes plus 16 per segment: 1900 carries
     * paths of up to 22 segments without fragmenting anything (see docs/lab.md, MTU).
     */
    public static final int CORE_MTU = 1900;
    /** Uplinks carry WireGuard (80 bytes over IPv6) around the 1900-byte tunnel MTU. */
    public static final int UPLINK_MTU = 1980;
    public static final int WG_MTU = UPLINK_MTU - dev.galactic.core.model.LinkSpec.WIREGUARD_OVERHEAD;
    public static final int WG_BASE_PORT = 51820;
    /** UDP relays listen 1000 above their tunnel's port. */
    public static final int RELAY_BASE_PORT = WG_BASE_PORT + 1000;
    /** Ports the lab uses in every namespace, kept out of the random (ephemeral) range. */
    public static final String RESERVED_PORTS = WG_BASE_PORT + "-" + (RELAY_BASE_PORT + 999);
    public static final String MGMT_BRIDGE = "br0";
    public static final String MGMT_IF = "mgmt0";
    public static final String SID_ANCHOR = "sid0";
    public static final String HOST_UPLINK_IF = "up0";
    public static final String HOST_LAN_IF = "lan0";

    /** A static route: {@code ip -6 route add PREFIX via VIA dev DEV src SRC}. */
    public record Route(String prefix, String via, String dev, String src) {
        public String ipCommand() { return "route replace " + prefix + " via " + via + " dev " + dev + " src " + src; }
    }

    /**
     * @param loopback the node's own locator address (the source of its underlay traffic)
     * @param mgmtAddress where the node's agent reaches the controller from, on {@link #MGMT_IF}
     * @param mgmtBridgePort the other end of the node's management veth, a port of the bridge in the mgmt namespace
     */
    public record NodePlan(Node node, String netns, String loopback, String mgmtAddress, String mgmtBridgePort,
                           List<Route> routes) {
        public String name() { return node.name(); }
    }

    /** One end of a point-to-point link. */
    public record End(String node, String netns, String ifname, String address) {
    }

    /** An underlay link: a TAP wire through the emulator, or a veth pair (VETH, RELAY). */
    public record LinkPlan(UnderlayLink link, int index, End a, End b, int mtu) {
        public String name() { return link.name(); }
    }

    /**
     * A WireGuard tunnel over an uplink: edge side and core side, each its own interface and port.
     *
     * @param endpoint where the edge sends: the core's WireGuard port, or the relay in front of it
     * @param relayPort the relay's port on the core's uplink address, when the uplink is a RELAY; else 0
     */
    public record TunnelPlan(int index, String link, End edge, End core, int port, String endpoint, int relayPort) {
    }

    /**
     * @param lanAddresses the first host address of each customer prefix, with its length, on the host's lan0
     */
    public record SitePlan(Site site, String hostNetns, End edgeSide, End hostSide, String edgeV4, String hostV4,
                           List<String> lanAddresses) {
        public String name() { return site.name(); }
    }

    public record Mgmt(String netns, String bridge, String controllerAddress, int prefixLength) {
    }

    public static LabPlan of(Topology t, LabNames names) {
        Map<String, String> mgmtAddr = new LinkedHashMap<>();
        for (int i = 0; i < t.nodes().size(); i++) mgmtAddr.put(t.nodes().get(i).name(), "fd00:ff::" + Integer.toHexString(0x100 + i));

        if (t.links().size() > 999) throw new IllegalArgumentException("at most 999 underlay links per lab (WireGuard ports 51821..52819)");
        List<LinkPlan> links = new ArrayList<>();
        List<TunnelPlan> tunnels = new ArrayList<>();
        for (int k = 0; k < t.links().size(); k++) {
            UnderlayLink l = t.links().get(k);
            int n = k + 1;
            String net = "fd00:10:" + Integer.toHexString(n) + "::";
            End a = new End(l.a(), names.netns(l.a()), LabNames.ifname("e-" + l.b(), "u" + n), net + "1");
            End b = new End(l.b(), names.netns(l.b()), LabNames.ifname("e-" + l.a(), "u" + n), net + "2");
            links.add(new LinkPlan(l, n, a, b, l.role() == LinkRole.UPLINK ? UPLINK_MTU : CORE_MTU));
            if (l.role() == LinkRole.UPLINK) {
                String tnet = "fd00:20:" + Integer.toHexString(n) + "::";
                int relayPort = l.emulation() == Topology.Emulation.RELAY ? RELAY_BASE_PORT + n : 0;
                int port = WG_BASE_PORT + n;
                tunnels.add(new TunnelPlan(n, l.name(),
                        new End(l.a(), a.netns(), names.wireguard(n, 'e'), tnet + "1"),
                        new End(l.b(), b.netns(), names.wireguard(n, 'c'), tnet + "2"),
                        port, "[" + b.address() + "]:" + (relayPort != 0 ? relayPort : port), relayPort));
            }
        }

        List<SitePlan> sites = new ArrayList<>();
        List<Site> all = t.sites();
        if (all.size() > 254) throw new IllegalArgumentException("at most 254 customer sites per lab");
        for (int s = 0; s < all.size(); s++) {
            Site site = all.get(s);
            int n = s + 1;
            String v6 = "fd00:30:" + Integer.toHexString(n) + "::";
            End edgeSide = new End(site.edge(), names.netns(site.edge()), LabNames.ifname("c-" + site.name(), "c" + n), v6 + "1");
            End hostSide = new End(site.name(), names.netns(site.name()), HOST_UPLINK_IF, v6 + "2");
            List<String> lan = site.prefixes().stream().map(p -> firstHost(p) + "/" + p.length()).toList();
            sites.add(new SitePlan(site, hostSide.netns(), edgeSide, hostSide, "172.16." + n + ".1", "172.16." + n + ".2", lan));
        }

        Map<String, List<Hop>> adjacency = adjacency(t, links, tunnels);
        List<NodePlan> nodes = new ArrayList<>();
        for (Node n : t.nodes()) {
            String lo = loopback(n);
            List<Route> routes = new ArrayList<>();
            Map<String, Hop> firstHop = firstHops(t, adjacency, n.name());
            for (Node m : t.nodes()) {
                Hop h = firstHop.get(m.name());
                if (h != null) routes.add(new Route(m.locator().toString(), h.via(), h.dev(), lo));
            }
            int i = t.nodes().indexOf(n);
            nodes.add(new NodePlan(n, names.netns(n.name()), lo, mgmtAddr.get(n.name()),
                    LabNames.ifname("m-" + n.name(), "m" + i), routes));
        }
        return new LabPlan(t, names, new Mgmt(names.netns("mgmt"), MGMT_BRIDGE, "fd00:ff::1", 64), nodes, links, tunnels, sites);
    }

    public static String loopback(Node n) { return firstHost(n.locator()).toString(); }

    public NodePlan node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    public LinkPlan link(String name) {
        return links.stream().filter(l -> l.name().equals(name) || (l.link().b() + "-" + l.link().a()).equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no link " + name + "; links are "
                        + links.stream().map(LinkPlan::name).toList()));
    }

    /** Every namespace of the lab: nodes, customer hosts, management. */
    public List<String> namespaces() {
        List<String> ns = new ArrayList<>();
        nodes.forEach(n -> ns.add(n.netns()));
        sites.forEach(s -> ns.add(s.hostNetns()));
        ns.add(mgmt.netns());
        return ns;
    }

    // ---- static routing: shortest hop count over cores; edges are destinations, never transit

    private record Hop(String to, String via, String dev) {
    }

    private static Map<String, List<Hop>> adjacency(Topology t, List<LinkPlan> links, List<TunnelPlan> tunnels) {
        Map<String, List<Hop>> adj = new HashMap<>();
        t.nodes().forEach(n -> adj.put(n.name(), new ArrayList<>()));
        for (LinkPlan l : links) {
            if (l.link().role() != LinkRole.CORE) continue; // uplinks carry only WireGuard UDP
            adj.get(l.a().node()).add(new Hop(l.b().node(), l.b().address(), l.a().ifname()));
            adj.get(l.b().node()).add(new Hop(l.a().node(), l.a().address(), l.b().ifname()));
        }
        for (TunnelPlan tp : tunnels) {
            adj.get(tp.edge().node()).add(new Hop(tp.core().node(), tp.core().address(), tp.edge().ifname()));
            adj.get(tp.core().node()).add(new Hop(tp.edge().node(), tp.edge().address(), tp.core().ifname()));
        }
        adj.values().forEach(l -> l.sort(Comparator.comparing(Hop::to)));
        return adj;
    }

    /** Breadth-first from {@code from}: for every reachable node, the first hop of a shortest path. */
    private static Map<String, Hop> firstHops(Topology t, Map<String, List<Hop>> adj, String from) {
        Map<String, Hop> first = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(from);
        first.put(from, null);
        while (!queue.isEmpty()) {
            String u = queue.poll();
            boolean transit = u.equals(from) || !t.node(u).orElseThrow().isEdge();
            if (!transit) continue;
            for (Hop h : adj.get(u)) {
                if (first.containsKey(h.to())) continue;
                first.put(h.to(), u.equals(from) ? h : first.get(u));
                queue.add(h.to());
            }
        }
        first.remove(from);
        return first;
    }

    static IpAddress firstHost(IpPrefix p) {
        byte[] b = p.network().bytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (++b[i] != 0) break; // carry into the next byte on overflow
        }
        return new IpAddress(b);
    }
}
