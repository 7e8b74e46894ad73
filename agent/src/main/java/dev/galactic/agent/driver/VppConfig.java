package dev.galactic.agent.driver;

import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sid.SidFunction;
import dev.galactic.core.sid.SidLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The same {@link NodeConfig} as VPP CLI (the SRv6 and WireGuard plugins), for nodes that run
 * VPP instead of the Linux kernel's data plane. Each tenant class gets an IPv4 and an IPv6 FIB
 * table; each route a policy whose binding SID the prefix is steered into.
 *
 * <p>Private keys never leave the node: the rendered text names them {@code ${WG_KEY:<peer>}} and
 * the driver substitutes the key files it holds.
 */
public final class VppConfig {

    /** Table numbering: tenant id times this, plus the class index; so tables never collide. */
    public static final int TABLES_PER_TENANT = 64;
    public static final int WG_PORT = 51820;

    private VppConfig() {
    }

    public static int table(int tenantId, int classIndex) {
        return tenantId * TABLES_PER_TENANT + classIndex;
    }

    public static String render(NodeConfig c) {
        List<String> out = new ArrayList<>();
        out.add("comment { galactic node " + c.node() + " (" + c.role().name().toLowerCase() + "), config " + c.hash().substring(0, 12) + " }");
        out.add("set sr encaps source addr " + c.sourceAddress());
        int wg = 0;
        for (NodeConfig.Tunnel t : c.tunnels()) {
            String itf = "wg" + wg++;
            out.add("wireguard create listen-port " + (WG_PORT + wg - 1) + " private-key ${WG_KEY:" + t.peer() + "} src " + c.sourceAddress());
            StringBuilder peer = new StringBuilder("wireguard peer add " + itf + " public-key "
                    + (t.peerPublicKey() == null ? "${PEER_KEY_PENDING:" + t.peer() + "}" : t.peerPublicKey()));
            if (t.endpoint() != null) peer.append(" endpoint ").append(t.endpoint()).append(" port ").append(WG_PORT);
            t.allowedPrefixes().forEach(p -> peer.append(" allowed-ip ").append(p));
            out.add(peer.toString());
            if (t.mtu() != null) out.add("set interface mtu packet " + t.mtu() + " " + itf);
            out.add("set interface state " + itf + " up");
        }
        for (NodeConfig.TenantConfig t : c.tenants()) {
            for (NodeConfig.ClassRoutes cls : t.classes()) {
                int table = table(t.tenantId(), cls.index());
                out.add("comment { tenant " + t.tenant() + ", vpc " + cls.vpc() + ", class " + cls.trafficClass() + (cls.vpcDefault() ? " (default)" : "") + " }");
                out.add("ip table add " + table);
                out.add("ip6 table add " + table);
            }
        }
        for (NodeConfig.LocalSid s : c.localSids()) {
            String behavior = switch (s.function()) {
                case END -> "end";
                case END_DT4 -> "end.dt4 " + deliveryTable(c, s);
                case END_DT6 -> "end.dt6 " + deliveryTable(c, s);
                case END_DT46 -> "end.dt46 " + deliveryTable(c, s);
                case END_X, END_B6_ENCAPS -> throw new IllegalArgumentException(s.function() + " is not a local SID the renderer makes");
            };
            out.add("sr localsid address " + s.sid() + " behavior " + behavior);
        }
        // one policy per distinct segment list: the prefixes of a site share it
        java.util.Map<List<String>, String> policies = new java.util.LinkedHashMap<>();
        IpPrefix locator = IpPrefix.parse(c.locator());
        for (NodeConfig.TenantConfig t : c.tenants()) {
            for (NodeConfig.ClassRoutes cls : t.classes()) {
                int table = table(t.tenantId(), cls.index());
                for (NodeConfig.Route r : cls.routes()) {
                    if (r.local()) {
                        out.add("comment { " + r.prefix() + " is site " + r.site() + " on this node: the site's interface is bound to table " + table + " }");
                        continue;
                    }
                    String b = policies.get(r.segments());
                    if (b == null) {
                        if (policies.size() >= SidLayout.MAX_ARGUMENT) throw new IllegalArgumentException("more than " + SidLayout.MAX_ARGUMENT + " segment lists on one node");
                        b = SidLayout.sid(locator, SidFunction.END_B6_ENCAPS, policies.size() + 1).toString();
                        policies.put(r.segments(), b);
                        out.add("sr policy add bsid " + b + " next " + String.join(" next ", r.segments()) + " encap");
                    }
                    out.add("sr steer l3 " + r.prefix() + " via bsid " + b + " fib-table " + table);
                }
            }
        }
        return String.join("\n", out) + "\n";
    }

    /** A decapsulation SID leads into its VPC's default class table, which holds the local sites' routes. */
    private static int deliveryTable(NodeConfig c, NodeConfig.LocalSid s) {
        NodeConfig.TenantConfig t = c.tenants().stream().filter(x -> x.tenant().equals(s.tenant())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("SID for tenant " + s.tenant() + " without its tenant config"));
        return t.classes().stream().filter(cr -> cr.vpc().equals(s.vpc()) && cr.vpcDefault()).findFirst()
                .map(cr -> table(t.tenantId(), cr.index()))
                .orElseThrow(() -> new IllegalArgumentException("SID " + s.sid() + " for VPC " + s.vpc() + " without its default class"));
    }

}
