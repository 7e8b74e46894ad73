package dev.galactic.core.render;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.ClassifierSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.model.TenantSpec;
import dev.galactic.core.bgp.TenantAsn;
import dev.galactic.core.model.VpcSpec;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.pce.DemandKey;
import dev.galactic.core.render.NodeConfig.ClassRoutes;
import dev.galactic.core.render.NodeConfig.LocalSid;
import dev.galactic.core.render.NodeConfig.Route;
import dev.galactic.core.render.NodeConfig.Site;
import dev.galactic.core.render.NodeConfig.Steering;
import dev.galactic.core.render.NodeConfig.TenantConfig;
import dev.galactic.core.render.NodeConfig.Tunnel;
import dev.galactic.core.sid.SidFunction;
import dev.galactic.core.sid.SidLayout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Intent plus computed paths in, one {@link NodeConfig} per node out: a pure function, so the
 * same network always renders to the same bytes (and hashes), and a changed path changes only
 * the configs of the nodes that carry it.
 */
public final class Renderer {

    /**
     * @param locators every node's locator (from the SID plan)
     * @param tenantIds every tenant's id (from the SID plan): its ASN and its tables on the edges
     * @param vpcIds every VPC's id (from the SID plan), by the VPC's key: the argument of the
     *               decapsulation SIDs that lead into its delivery table
     * @param paths the computed paths, one per VPC, class and ordered site pair
     * @param publicKeys WireGuard public keys the agents reported, by node
     * @param learned what the controller accepted from each attachment's BGP session (absent: nothing)
     */
    public record Input(ResourceImage image, Map<String, IpPrefix> locators, Map<String, Integer> tenantIds,
                        Map<ResourceKey, Integer> vpcIds, List<TenantPath> paths, Map<String, String> publicKeys,
                        Map<ResourceKey, Learned> learned) {

        public Input(ResourceImage image, Map<String, IpPrefix> locators, Map<String, Integer> tenantIds,
                     Map<ResourceKey, Integer> vpcIds, List<TenantPath> paths, Map<String, String> publicKeys) {
            this(image, locators, tenantIds, vpcIds, paths, publicKeys, Map.of());
        }

        Integer vpcId(String tenant, String vpc) {
            return vpcIds.get(new ResourceKey(Kind.VPC, tenant, vpc));
        }

        /** A site's prefixes: the static ones, then the learned ones accepted (the policy keeps them disjoint from other sites'). */
        List<String> prefixes(Resource attachment) {
            Learned l = learned.get(attachment.key());
            List<String> statics = attachment.spec(AttachmentSpec.class).prefixes();
            if (l == null || l.accepted().isEmpty()) return statics;
            LinkedHashSet<String> all = new LinkedHashSet<>(statics);
            all.addAll(l.accepted());
            return List.copyOf(all);
        }
    }

    /**
     * What the controller made of one attachment's BGP session.
     *
     * @param accepted the learned prefixes accepted into the VPC
     * @param shutdown whether the session is to be held down (maxPrefixAction tear-down)
     */
    public record Learned(List<String> accepted, boolean shutdown) {
        public Learned {
            accepted = List.copyOf(accepted);
        }
    }

    private Renderer() {
    }

    public static Map<String, NodeConfig> render(Input in) {
        Map<String, NodeSpec> nodes = new TreeMap<>();
        in.image().list(Kind.NODE).forEach(n -> nodes.put(n.name(), n.spec(NodeSpec.class)));
        Map<String, List<Resource>> sitesByNode = new TreeMap<>();
        for (Resource a : in.image().list(Kind.ATTACHMENT)) {
            sitesByNode.computeIfAbsent(a.spec(AttachmentSpec.class).node(), k -> new ArrayList<>()).add(a);
        }
        Map<DemandKey, TenantPath> pathIndex = new HashMap<>();
        for (TenantPath p : in.paths()) pathIndex.put(p.demand(), p);

        // the SID block plus any explicit locator: stable while nodes come and go inside the block
        List<IpPrefix> spaces = new ArrayList<>(in.locators().values());
        spaces.add(SidLayout.DEFAULT.block());
        String sidSpace = cover(spaces).toString();
        Map<String, NodeConfig> out = new TreeMap<>();
        for (var e : nodes.entrySet()) {
            String name = e.getKey();
            NodeSpec spec = e.getValue();
            IpPrefix locator = in.locators().get(name);
            if (locator == null) continue; // no SID plan entry yet: nothing to render
            List<LocalSid> sids = new ArrayList<>();
            List<TenantConfig> tenants = new ArrayList<>();
            if (spec.role() == NodeRole.CORE) {
                sids.add(new LocalSid(SidLayout.sid(locator, SidFunction.END, 0).toString(), SidFunction.END, null, null));
            } else {
                Map<String, List<Resource>> byTenant = new TreeMap<>();
                for (Resource a : sitesByNode.getOrDefault(name, List.of())) byTenant.computeIfAbsent(a.tenant(), k -> new ArrayList<>()).add(a);
                for (var t : byTenant.entrySet()) {
                    Integer tenantId = in.tenantIds().get(t.getKey());
                    if (tenantId == null) continue;
                    // sites of a VPC without an id yet wait for the SID plan: nothing can reach them
                    List<Resource> sites = t.getValue().stream().filter(a -> in.vpcId(t.getKey(), a.spec(AttachmentSpec.class).vpc()) != null).toList();
                    if (sites.isEmpty()) continue;
                    for (String vpc : new TreeSet<>(sites.stream().map(a -> a.spec(AttachmentSpec.class).vpc()).toList())) {
                        int vpcId = in.vpcId(t.getKey(), vpc);
                        sids.add(new LocalSid(SidLayout.sid(locator, SidFunction.END_DT4, vpcId).toString(), SidFunction.END_DT4, t.getKey(), vpc));
                        sids.add(new LocalSid(SidLayout.sid(locator, SidFunction.END_DT6, vpcId).toString(), SidFunction.END_DT6, t.getKey(), vpc));
                    }
                    tenants.add(tenant(in, name, t.getKey(), tenantId, sites, pathIndex));
                }
            }
            out.put(name, new NodeConfig(name, spec.role(), locator.toString(), SidLayout.nodeAddress(locator).toString(), sidSpace,
                    sids, tunnels(in, name, spec, nodes), tenants));
        }
        return out;
    }

    /** The longest prefix that holds every locator (the SID block when all are allocated from it). */
    static IpPrefix cover(java.util.Collection<IpPrefix> locators) {
        if (locators.isEmpty()) return SidLayout.DEFAULT.block();
        IpPrefix c = locators.iterator().next();
        for (IpPrefix l : locators) {
            while (!c.contains(l)) c = new IpPrefix(c.address(), c.length() - 1);
        }
        return new IpPrefix(c.network(), c.length());
    }

    /** Edges reach their uplink cores over WireGuard; a core has one tunnel per edge that uplinks to it. */
    private static List<Tunnel> tunnels(Input in, String name, NodeSpec spec, Map<String, NodeSpec> nodes) {
        List<Tunnel> out = new ArrayList<>();
        for (Resource r : in.image().list(Kind.LINK)) {
            LinkSpec l = r.spec(LinkSpec.class);
            if (l.kind() != LinkSpec.LinkKind.WIREGUARD || !(name.equals(l.a()) || name.equals(l.b()))) continue;
            String peer = name.equals(l.a()) ? l.b() : l.a();
            NodeSpec peerSpec = nodes.get(peer);
            IpPrefix peerLocator = in.locators().get(peer);
            if (peerSpec == null || peerLocator == null) continue;
            boolean edge = spec.role() == NodeRole.EDGE;
            // the edge dials the core: the core learns the edge's endpoint from its first packet (NAT friendly)
            String endpoint = edge && !peerSpec.underlayAddresses().isEmpty() ? peerSpec.underlayAddresses().getFirst() : null;
            // into an edge come packets encapsulated by any other edge: every locator may arrive;
            // into a core from an edge only what that edge sources
            List<String> allowed = edge ? List.of("::/0") : List.of(peerLocator.toString());
            out.add(new Tunnel(peer, endpoint, in.publicKeys().get(peer), allowed,
                    l.mtu() == null ? null : l.mtu() - LinkSpec.WIREGUARD_OVERHEAD, peerLocator.toString()));
        }
        out.sort(Comparator.comparing(Tunnel::peer));
        return out;
    }

    private static TenantConfig tenant(Input in, String node, String tenant, int tenantId, List<Resource> localSites,
                                       Map<DemandKey, TenantPath> paths) {
        Set<String> vpcs = new TreeSet<>();
        for (Resource a : localSites) vpcs.add(a.spec(AttachmentSpec.class).vpc());
        List<ClassRoutes> classes = new ArrayList<>();
        List<Steering> steering = new ArrayList<>();
        int index = 0;
        for (String vpc : vpcs) {
            VpcSpec vs = in.image().get(Kind.VPC, tenant, vpc).map(v -> v.spec(VpcSpec.class)).orElse(null);
            if (vs == null) continue;
            List<Resource> classifiers = in.image().list(Kind.CLASSIFIER, tenant).stream()
                    .filter(c -> vpc.equals(c.spec(ClassifierSpec.class).vpc())).toList();
            LinkedHashSet<String> used = new LinkedHashSet<>();
            used.add(vs.trafficClass());
            classifiers.stream().map(c -> c.spec(ClassifierSpec.class).trafficClass()).sorted().forEach(used::add);
            Map<String, Integer> indexOf = new HashMap<>();
            for (String cls : used) {
                indexOf.put(cls, index);
                classes.add(new ClassRoutes(vpc, cls, index++, cls.equals(vs.trafficClass()), routes(in, node, tenant, vpc, cls, localSites, paths)));
            }
            for (Resource c : classifiers) {
                ClassifierSpec cs = c.spec(ClassifierSpec.class);
                steering.add(new Steering(c.name(), vpc, cs.priority() == null ? 1000 : cs.priority(), cs.trafficClass(),
                        indexOf.get(cs.trafficClass()), cs.match()));
            }
        }
        steering.sort(Comparator.comparingInt(Steering::priority).thenComparing(Steering::classifier));
        List<Site> sites = new ArrayList<>();
        for (Resource a : localSites) {
            AttachmentSpec s = a.spec(AttachmentSpec.class);
            sites.add(new Site(a.name(), s.vpc(), in.prefixes(a), bgp(in, a, tenantId, classes)));
        }
        sites.sort(Comparator.comparing(Site::attachment));
        return new TenantConfig(tenant, tenantId, sites, classes, steering);
    }

    private static List<Route> routes(Input in, String node, String tenant, String vpc, String cls, List<Resource> localSites,
                                      Map<DemandKey, TenantPath> paths) {
        List<Resource> fromHere = localSites.stream().filter(a -> vpc.equals(a.spec(AttachmentSpec.class).vpc()))
                .sorted(Comparator.comparing(Resource::name)).toList();
        List<Route> out = new ArrayList<>();
        for (Resource dest : in.image().list(Kind.ATTACHMENT, tenant)) {
            AttachmentSpec ds = dest.spec(AttachmentSpec.class);
            if (!vpc.equals(ds.vpc())) continue;
            if (node.equals(ds.node())) {
                for (String p : in.prefixes(dest)) out.add(new Route(p, List.of(), List.of(), dest.name(), List.of(node)));
                continue;
            }
            // sites on one edge share its table: the first local site's path stands for them all
            TenantPath path = fromHere.stream().map(src -> paths.get(new DemandKey(tenant, vpc, cls, src.name(), dest.name())))
                    .filter(Objects::nonNull).findFirst().orElse(null);
            if (path == null) continue; // no path (e.g. spoke to spoke): no route, so the table's default refuses it
            Integer vpcId = in.vpcId(tenant, vpc);
            if (vpcId == null) continue;
            for (String p : in.prefixes(dest)) {
                SidFunction decap = IpPrefix.parse(p).isV4() ? SidFunction.END_DT4 : SidFunction.END_DT6;
                out.add(new Route(p, segments(in.locators(), vpcId, path.hops(), decap), path.backupHops().isEmpty() ? List.of()
                        : segments(in.locators(), vpcId, path.backupHops(), decap), dest.name(), path.hops()));
            }
        }
        out.sort(Comparator.comparing(Route::prefix));
        return out;
    }

    /**
     * The edge's side of the attachment's session, null without BGP. It advertises what the
     * site's VPC default class routes to other sites from here: reachability follows the
     * controller's paths (a site with no path from here, e.g. spoke to spoke, is not advertised).
     */
    private static NodeConfig.Bgp bgp(Input in, Resource attachment, int tenantId, List<ClassRoutes> classes) {
        AttachmentSpec s = attachment.spec(AttachmentSpec.class);
        AttachmentSpec.Bgp b = s.bgp();
        if (b == null) return null;
        TenantSpec tenant = in.image().get(Kind.TENANT, null, attachment.tenant()).map(t -> t.spec(TenantSpec.class)).orElse(null);
        boolean v4 = b.peerAddress().indexOf(':') < 0;
        Set<String> advertise = new TreeSet<>();
        for (ClassRoutes cr : classes) {
            if (!cr.vpcDefault() || !cr.vpc().equals(s.vpc())) continue;
            for (Route r : cr.routes()) {
                if (!r.site().equals(attachment.name()) && IpPrefix.parse(r.prefix()).isV4() == v4) advertise.add(r.prefix());
            }
        }
        Learned l = in.learned().get(attachment.key());
        return new NodeConfig.Bgp(TenantAsn.of(tenant, tenantId), b.peerAsn(), b.peerAddress(),
                b.holdTimeSeconds() == null ? DEFAULT_HOLD_TIME : b.holdTimeSeconds(), l != null && l.shutdown(), List.copyOf(advertise));
    }

    /** Short enough that a dead customer router is noticed in seconds, not RFC 4271's 90. */
    public static final int DEFAULT_HOLD_TIME = 9;

    /** The cores' End SIDs in path order, then the destination edge's decapsulation SID for the VPC. */
    public static List<String> segments(Map<String, IpPrefix> locators, int vpcId, List<String> hops, SidFunction decap) {
        List<String> s = new ArrayList<>();
        for (String hop : hops.subList(1, hops.size() - 1)) {
            s.add(SidLayout.sid(locator(locators, hop), SidFunction.END, 0).toString());
        }
        s.add(SidLayout.sid(locator(locators, hops.getLast()), decap, vpcId).toString());
        return s;
    }

    private static IpPrefix locator(Map<String, IpPrefix> locators, String node) {
        IpPrefix l = locators.get(node);
        if (l == null) throw new IllegalArgumentException("node " + node + " on a path has no locator");
        return l;
    }
}
