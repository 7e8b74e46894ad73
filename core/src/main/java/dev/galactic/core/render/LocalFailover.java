package dev.galactic.core.render;

import dev.galactic.core.net.IpAddress;
import dev.galactic.core.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an edge does on its own when an uplink dies, before the controller has heard of it: every
 * route whose primary path leaves through a dead tunnel switches to its backup path, if the backup
 * leaves through a live one. Pure: the agent's shell decides which tunnels are dead (its probes),
 * applies the result through its driver and reports it; the controller's next config confirms
 * (its primaries avoid the dead uplink) or corrects the choice.
 *
 * <p>A route's first segment is the SID of the first node on its path; the tunnel to that node is
 * the one whose peer's locator contains that SID.
 */
public final class LocalFailover {

    private LocalFailover() {
    }

    /**
     * @param config a route whose primary and backup both leave through dead tunnels keeps its primary
     * @param deadPeers the tunnel peers this node cannot reach
     */
    public static Result apply(NodeConfig config, Set<String> deadPeers) {
        if (deadPeers.isEmpty()) return new Result(config, List.of());
        List<Switched> switched = new ArrayList<>();
        List<NodeConfig.TenantConfig> tenants = new ArrayList<>();
        for (NodeConfig.TenantConfig t : config.tenants()) {
            List<NodeConfig.ClassRoutes> classes = new ArrayList<>();
            for (NodeConfig.ClassRoutes c : t.classes()) {
                List<NodeConfig.Route> routes = new ArrayList<>();
                for (NodeConfig.Route r : c.routes()) {
                    String first = firstHop(config, r.segments());
                    if (first != null && deadPeers.contains(first) && !r.backupSegments().isEmpty()) {
                        String backupFirst = firstHop(config, r.backupSegments());
                        if (backupFirst != null && !deadPeers.contains(backupFirst)) {
                            // the primary becomes the backup: when the uplink is back, the controller's
                            // next config (or lifting the failover) restores it
                            routes.add(new NodeConfig.Route(r.prefix(), r.backupSegments(), r.segments(), r.site(), List.of()));
                            switched.add(new Switched(t.tenant(), c.vpc(), c.trafficClass(), r.prefix(), r.site(), first, backupFirst));
                            continue;
                        }
                    }
                    routes.add(r);
                }
                classes.add(new NodeConfig.ClassRoutes(c.vpc(), c.trafficClass(), c.index(), c.vpcDefault(), routes));
            }
            tenants.add(new NodeConfig.TenantConfig(t.tenant(), t.tenantId(), t.sites(), classes, t.steering()));
        }
        if (switched.isEmpty()) return new Result(config, List.of());
        return new Result(new NodeConfig(config.node(), config.role(), config.locator(), config.sourceAddress(), config.sidSpace(),
                config.localSids(), config.tunnels(), tenants), switched);
    }

    /** The tunnel peer a segment list leaves through, null when no tunnel carries its first SID. */
    static String firstHop(NodeConfig config, List<String> segments) {
        if (segments.isEmpty()) return null;
        IpAddress sid = IpAddress.parse(segments.getFirst());
        for (NodeConfig.Tunnel tunnel : config.tunnels()) {
            if (tunnel.peerLocator() != null && IpPrefix.parse(tunnel.peerLocator()).contains(sid)) return tunnel.peer();
        }
        return null;
    }

    /**
     * @param config the config to install
     * @param switched the routes now on their backup path
     */
    public record Result(NodeConfig config, List<Switched> switched) {
        public Result {
            switched = List.copyOf(switched);
        }
    }

    /** One route moved to its backup: which tenant's prefix, and from which uplink to which. */
    public record Switched(String tenant, String vpc, String trafficClass, String prefix, String site, String fromPeer, String toPeer) {
    }
}
