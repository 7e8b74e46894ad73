package dev.galactic.core.render;

import dev.galactic.core.model.AttachmentSpec;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.ClassifierSpec;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceImage;
import dev.galactic.core.model.VpcSpec;
import dev.galactic.core.net.IpPrefix;
import dev.galactic.core.sid.SidFunction;
import dev.galactic.core.sid.SidLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendering the examples, with fewest-hop paths standing in for the path computation. */
class RendererTest {

    static ResourceImage image;
    static Map<String, IpPrefix> locators = new TreeMap<>();
    static Map<String, Integer> tenantIds = new TreeMap<>();
    /** Numbered apart from the tenants' ids, so a SID built from the wrong one shows. */
    static Map<dev.galactic.core.model.ResourceKey, Integer> vpcIds = new java.util.HashMap<>();

    static int vpcId(String tenant, String vpc) {
        return vpcIds.get(new dev.galactic.core.model.ResourceKey(Kind.VPC, tenant, vpc));
    }

    @BeforeAll
    static void load() throws IOException {
        List<ChangePlanner.Op> ops = new ArrayList<>();
        for (String f : List.of("backbone.yaml", "acme-l3vpn-traffic-classes.yaml", "globex-geofenced-waypoints.yaml", "initech-hub-and-spoke.yaml")) {
            for (Resource r : ResourceCodec.parse(Files.readString(Path.of("..", "examples", f)), ResourceCodec.Format.YAML).resources()) {
                ops.add(new ChangePlanner.Op.Put(ops.size(), r));
            }
        }
        ChangePlanner.Plan plan = ChangePlanner.plan(ResourceImage.EMPTY, ops, Caller.OPERATOR);
        assertThat(plan.errors()).isEmpty();
        image = plan.after();
        int i = 1;
        for (Resource n : image.list(Kind.NODE)) locators.put(n.name(), SidLayout.DEFAULT.locator(i++));
        i = 1;
        for (Resource t : image.list(Kind.TENANT)) tenantIds.put(t.name(), i++);
        i = 100;
        for (Resource v : image.list(Kind.VPC)) vpcIds.put(v.key(), i++);
    }

    /** Fewest hops over the Link graph, edges only at the ends. */
    static List<String> path(String from, String to, Set<String> avoid) {
        Map<String, List<String>> adj = new TreeMap<>();
        for (Resource l : image.list(Kind.LINK)) {
            LinkSpec s = l.spec(LinkSpec.class);
            adj.computeIfAbsent(s.a(), k -> new ArrayList<>()).add(s.b());
            adj.computeIfAbsent(s.b(), k -> new ArrayList<>()).add(s.a());
        }
        Map<String, String> prev = new HashMap<>();
        ArrayDeque<String> q = new ArrayDeque<>(List.of(from));
        prev.put(from, from);
        while (!q.isEmpty()) {
            String n = q.poll();
            if (n.equals(to)) break;
            for (String m : adj.getOrDefault(n, List.of())) {
                boolean edge = image.get(Kind.NODE, null, m).orElseThrow().spec(NodeSpec.class).role() == NodeSpec.NodeRole.EDGE;
                if (prev.containsKey(m) || avoid.contains(m) || (edge && !m.equals(to))) continue;
                prev.put(m, n);
                q.add(m);
            }
        }
        if (!prev.containsKey(to)) return List.of();
        List<String> p = new ArrayList<>();
        for (String n = to; !n.equals(from); n = prev.get(n)) p.addFirst(n);
        p.addFirst(from);
        return p;
    }

    static List<TenantPath> paths() {
        List<TenantPath> out = new ArrayList<>();
        for (Resource v : image.list(Kind.VPC)) {
            VpcSpec vs = v.spec(VpcSpec.class);
            Set<String> classes = new LinkedHashSet<>(List.of(vs.trafficClass()));
            image.list(Kind.CLASSIFIER, v.tenant()).stream().map(c -> c.spec(ClassifierSpec.class))
                    .filter(c -> c.vpc().equals(v.name())).forEach(c -> classes.add(c.trafficClass()));
            List<Resource> sites = image.list(Kind.ATTACHMENT, v.tenant()).stream().filter(a -> a.spec(AttachmentSpec.class).vpc().equals(v.name())).toList();
            for (String cls : classes) for (Resource a : sites) for (Resource b : sites) {
                String na = a.spec(AttachmentSpec.class).node(), nb = b.spec(AttachmentSpec.class).node();
                if (a == b || na.equals(nb)) continue;
                if (vs.topology().mode() == VpcSpec.TopologyMode.HUB_AND_SPOKE
                        && !vs.topology().hubs().contains(a.name()) && !vs.topology().hubs().contains(b.name())) continue;
                List<String> p = path(na, nb, Set.of());
                List<String> backup = path(na, nb, new java.util.HashSet<>(p.subList(1, p.size() - 1)));
                out.add(new TenantPath(v.tenant(), v.name(), cls, a.name(), b.name(), p, backup));
            }
        }
        return out;
    }

    static Map<String, NodeConfig> render(List<TenantPath> paths) {
        return Renderer.render(new Renderer.Input(image, locators, tenantIds, vpcIds, paths, Map.of("fra", "FRA-PUBLIC-KEY")));
    }

    @Test
    void coresCarryNoTenantState() {
        Map<String, NodeConfig> cfg = render(paths());
        assertThat(cfg).hasSize(17);
        NodeConfig fra = cfg.get("fra");
        assertThat(fra.tenants()).isEmpty();
        assertThat(fra.sidSpace()).isEqualTo("fc00::/32");
        assertThat(Renderer.cover(List.of(IpPrefix.parse("fc00:1::/48"), IpPrefix.parse("fc00:b::/48"))).toString()).isEqualTo("fc00::/28");
        assertThat(fra.localSids()).singleElement().satisfies(s -> {
            assertThat(s.function()).isEqualTo(SidFunction.END);
            assertThat(s.sid()).isEqualTo(SidLayout.sid(locators.get("fra"), SidFunction.END, 0).toString());
        });
        // fra is an uplink of edge-ber, edge-zrh: one tunnel per edge, allowing only what that edge sources
        assertThat(fra.tunnels()).extracting(NodeConfig.Tunnel::peer).containsExactly("edge-ber", "edge-zrh");
        assertThat(fra.tunnels().getFirst().allowedPrefixes()).containsExactly(locators.get("edge-ber").toString());
        assertThat(fra.tunnels().getFirst().endpoint()).isNull();
    }

    @Test
    void anEdgeEncapsulatesTowardsTheOtherSitesAndDecapsulatesItsTenants() {
        List<TenantPath> paths = paths();
        NodeConfig ber = render(paths).get("edge-ber");
        assertThat(ber.tunnels()).extracting(NodeConfig.Tunnel::peer).containsExactly("ams", "fra", "waw");
        assertThat(ber.tunnels()).filteredOn(t -> t.peer().equals("fra")).singleElement()
                .satisfies(t -> assertThat(t.peerPublicKey()).isEqualTo("FRA-PUBLIC-KEY"));
        // acme and globex have sites here: a DT4 and a DT6 SID for each VPC, with the VPC's id as argument
        assertThat(ber.localSids()).extracting(NodeConfig.LocalSid::tenant).containsExactly("acme", "acme", "globex", "globex");
        assertThat(ber.localSids()).extracting(NodeConfig.LocalSid::vpc).containsExactly("prod", "prod", "eu-finance", "eu-finance");
        assertThat(ber.localSids().get(1).sid()).isEqualTo(SidLayout.sid(locators.get("edge-ber"), SidFunction.END_DT6, vpcId("acme", "prod")).toString());

        NodeConfig.TenantConfig acme = ber.tenants().stream().filter(t -> t.tenant().equals("acme")).findFirst().orElseThrow();
        assertThat(acme.sites()).extracting(NodeConfig.Site::attachment).containsExactly("berlin-office");
        // the default class first, then the classifiers' classes
        assertThat(acme.classes()).extracting(NodeConfig.ClassRoutes::trafficClass)
                .containsExactly("interactive", "backup", "bulk", "replication", "voice");
        assertThat(acme.steering()).extracting(NodeConfig.Steering::classifier).containsExactly("db-replication", "sip-rtp", "nightly-backup", "scavenger");
        NodeConfig.ClassRoutes interactive = acme.classes().getFirst();
        NodeConfig.Route toDublin = interactive.routes().stream().filter(r -> r.prefix().equals("10.20.0.0/16")).findFirst().orElseThrow();
        TenantPath p = paths.stream().filter(x -> x.tenant().equals("acme") && x.trafficClass().equals("interactive")
                && x.fromAttachment().equals("berlin-office") && x.toAttachment().equals("dublin-dc")).findFirst().orElseThrow();
        assertThat(toDublin.via()).isEqualTo(p.hops());
        // one End SID per core on the path, then dublin's DT4 SID for acme
        assertThat(toDublin.segments()).hasSize(p.hops().size() - 1);
        assertThat(toDublin.segments().getLast()).isEqualTo(SidLayout.sid(locators.get("edge-dub"), SidFunction.END_DT4, vpcId("acme", "prod")).toString());
        assertThat(toDublin.segments().getFirst()).isEqualTo(SidLayout.sid(locators.get(p.hops().get(1)), SidFunction.END, 0).toString());
        assertThat(toDublin.backupSegments()).isNotEmpty().doesNotContainAnyElementsOf(toDublin.segments().subList(0, toDublin.segments().size() - 1));
        // the local site's own prefixes are delivered locally; acme's IPv6 prefix uses the DT6 SID elsewhere
        assertThat(interactive.routes()).filteredOn(r -> r.prefix().equals("10.10.0.0/16")).singleElement().satisfies(r -> assertThat(r.local()).isTrue());
        NodeConfig dub = render(paths).get("edge-dub");
        NodeConfig.Route v6 = dub.tenants().getFirst().classes().getFirst().routes().stream().filter(r -> r.prefix().equals("fd10:10::/48")).findFirst().orElseThrow();
        assertThat(v6.segments().getLast()).isEqualTo(SidLayout.sid(locators.get("edge-ber"), SidFunction.END_DT6, vpcId("acme", "prod")).toString());
    }

    @Test
    void spokesGetNoRouteToEachOther() {
        NodeConfig sea = render(paths()).get("edge-sea");
        NodeConfig.TenantConfig initech = sea.tenants().stream().filter(t -> t.tenant().equals("initech")).findFirst().orElseThrow();
        assertThat(initech.classes().getFirst().routes()).extracting(NodeConfig.Route::site).containsExactly("hq");
    }

    @Test
    void learnedPrefixesSpreadLikeStaticOnesAndAreAdvertisedToTheOtherSites() {
        var seattle = new dev.galactic.core.model.ResourceKey(Kind.ATTACHMENT, "initech", "branch-seattle");
        var learned = Map.of(seattle, new Renderer.Learned(List.of("10.101.1.0/24", "10.101.2.0/24"), false));
        Map<String, NodeConfig> cfg = Renderer.render(new Renderer.Input(image, locators, tenantIds, vpcIds, paths(), Map.of("fra", "FRA-PUBLIC-KEY"), learned));
        // the hub's edge encapsulates towards the learned prefixes into Seattle's decapsulation SID
        NodeConfig.TenantConfig bos = tenant(cfg.get("edge-bos"), "initech");
        assertThat(bos.classes().getFirst().routes()).filteredOn(r -> r.site().equals("branch-seattle"))
                .extracting(NodeConfig.Route::prefix).containsExactly("10.101.1.0/24", "10.101.2.0/24");
        assertThat(bos.classes().getFirst().routes()).filteredOn(r -> r.site().equals("branch-seattle")).allSatisfy(r ->
                assertThat(r.segments().getLast()).isEqualTo(SidLayout.sid(locators.get("edge-sea"), SidFunction.END_DT4, vpcId("initech", "corp")).toString()));
        // Seattle's edge delivers them to the site and tells the branch router what the VPC reaches: the hub only
        NodeConfig.TenantConfig sea = tenant(cfg.get("edge-sea"), "initech");
        NodeConfig.Site site = sea.sites().getFirst();
        assertThat(site.prefixes()).containsExactly("10.101.1.0/24", "10.101.2.0/24");
        assertThat(site.bgp()).isEqualTo(new NodeConfig.Bgp(4200000003L, 65101L, "172.16.101.2", 9, false, List.of("10.100.0.0/16")));
        // Dublin (a spoke) has no path to Seattle: neither a route nor an advertisement
        NodeConfig.TenantConfig dub = tenant(cfg.get("edge-dub"), "initech");
        assertThat(dub.sites().getFirst().bgp().advertise()).containsExactly("10.100.0.0/16");
        // a withdrawal (nothing accepted any more) takes the routes away again, and only those
        Map<String, NodeConfig> after = render(paths());
        assertThat(tenant(after.get("edge-bos"), "initech").classes().getFirst().routes()).extracting(NodeConfig.Route::site).doesNotContain("branch-seattle");
        assertThat(after.get("edge-zrh")).isNotNull().isEqualTo(cfg.get("edge-zrh"));
    }

    @Test
    void configsWithoutBgpKeepTheirJson() throws Exception {
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new NodeConfig.Site("a", "v", List.of("10.0.0.0/24")));
        assertThat(json).doesNotContain("bgp");
    }

    static NodeConfig.TenantConfig tenant(NodeConfig c, String tenant) {
        return c.tenants().stream().filter(t -> t.tenant().equals(tenant)).findFirst().orElseThrow();
    }

    @Test
    void renderingIsDeterministicAndAPathChangeTouchesOnlyItsIngressEdge() {
        List<TenantPath> paths = paths();
        Map<String, NodeConfig> a = render(paths);
        List<TenantPath> shuffled = new ArrayList<>(paths);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        Map<String, NodeConfig> b = render(shuffled);
        a.forEach((n, c) -> assertThat(b.get(n).hash()).as(n).isEqualTo(c.hash()));

        // move acme's berlin -> dublin interactive path through the backup's cores
        List<TenantPath> moved = new ArrayList<>();
        for (TenantPath p : paths) {
            boolean target = p.tenant().equals("acme") && p.trafficClass().equals("interactive")
                    && p.fromAttachment().equals("berlin-office") && p.toAttachment().equals("dublin-dc");
            moved.add(target ? new TenantPath(p.tenant(), p.vpc(), p.trafficClass(), p.fromAttachment(), p.toAttachment(), p.backupHops(), p.hops()) : p);
        }
        Map<String, NodeConfig> c = render(moved);
        List<String> changed = a.keySet().stream().filter(n -> !a.get(n).hash().equals(c.get(n).hash())).toList();
        assertThat(changed).containsExactly("edge-ber");
    }
}
