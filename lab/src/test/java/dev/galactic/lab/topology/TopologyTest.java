package dev.galactic.lab.topology;

import dev.galactic.core.model.FieldError;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.Validation;
import dev.galactic.lab.LabNames;
import dev.galactic.lab.topology.LabPlan.NodePlan;
import dev.galactic.lab.topology.LabPlan.Route;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    private static final String SMALL = """
            name: small
            cores:
              - {name: c1, location: {lat: 1, lon: 2, country: DE}}
              - {name: c2, location: {lat: 1, lon: 2, country: DE}}
            edges:
              - {name: e1, location: {lat: 1, lon: 2, country: DE}, uplinks: [c1, {core: c2, delayMs: 3, emulation: relay}]}
            links:
              - {a: c1, b: c2, delayMs: 10, jitterMs: 1, lossPercent: 2}
            tenants:
              - name: t1
                sites: [{name: s1, edge: e1, prefixes: ["10.1.0.0/24"]}]
            """;

    @Test
    void demoTopologyParsesWithSharedPrefixesAcrossTenants() throws Exception {
        Topology t = TopologyParser.parse(Path.of("topologies/demo.yaml"));
        assertThat(t.cores()).hasSize(4);
        assertThat(t.edges()).hasSize(2);
        assertThat(t.edges()).allSatisfy(e -> assertThat(t.uplinks(e.name())).hasSize(3));
        assertThat(t.tenants()).extracting(Topology.Tenant::name).containsExactly("blue", "green");
        assertThat(t.sites()).filteredOn(s -> s.prefixes().toString().contains("10.1.0.0/24")).hasSize(2);
        assertThat(t.sites()).anySatisfy(s -> assertThat(s.hasV6()).isTrue());
        assertThat(t.warnings()).isEmpty();
        assertThat(t.link("core2-core1")).get().satisfies(l -> assertThat(l.impairment().delayMs()).isEqualTo(5.0));
    }

    @Test
    void fewerThanThreeUplinksIsAWarningAndLocatorsAreAllocated() {
        Topology t = TopologyParser.parse(SMALL, "small.yaml");
        assertThat(t.warnings()).singleElement().asString().contains("e1 has 2 uplinks");
        assertThat(t.node("c1").orElseThrow().locator()).hasToString("fc00:1::/48");
        assertThat(t.node("c2").orElseThrow().locator()).hasToString("fc00:2::/48");
        assertThat(t.node("e1").orElseThrow().locator()).hasToString("fc00:101::/48");
        assertThat(t.link("c1-c2").orElseThrow().impairment().lossPercent()).isEqualTo(2.0);
        assertThat(t.link("c1-c2").orElseThrow().emulation()).isEqualTo(Topology.Emulation.WIRE);
        assertThat(t.link("e1-c2").orElseThrow().emulation()).isEqualTo(Topology.Emulation.RELAY);
        LabPlan plan = LabPlan.of(t, new LabNames("g0abc"));
        assertThat(plan.tunnels()).filteredOn(x -> x.link().equals("e1-c2")).singleElement()
                .satisfies(x -> assertThat(x.endpoint()).isEqualTo("[fd00:10:3::2]:" + (52820 + 3))); // third link, relay port
    }

    @Test
    void errorsNameEveryBadField() {
        String bad = """
                name: Bad_Name
                cores:
                  - {name: c1, locator: "10.0.0.0/8", location: {lat: 1, lon: 2, country: DE}}
                  - {name: c1, location: {lat: 99, lon: 2, country: de}}
                  - {name: c3, colour: red}
                edges:
                  - {name: e1, location: {lat: 1, lon: 2, country: DE}, uplinks: [c9, c1, c1]}
                links:
                  - {a: c1, b: c1}
                  - {a: c1, b: c3, lossPercent: 150, emulation: relay}
                  - {a: c3, b: c1, emulation: fast}
                tenants:
                  - name: t1
                    class: fastest
                    waypoints: [e1]
                    sites:
                      - {name: s1, edge: c1, prefixes: ["10.1.0.1/24", "10.1.0.0/16", "10.1.0.0/24"]}
                """;
        assertThatThrownBy(() -> TopologyParser.parse(bad, "bad.yaml"))
                .isInstanceOf(TopologyException.class)
                .satisfies(e -> {
                    List<String> pointers = ((TopologyException) e).errors().stream().map(FieldError::pointer).toList();
                    assertThat(pointers).contains("/name", "/cores/0/locator", "/cores/1/name", "/cores/1/location/lat",
                            "/cores/1/location/country", "/cores/2/colour", "/cores/2/location", "/edges/0/uplinks/0",
                            "/edges/0/uplinks/2", "/links/0/b", "/links/1/lossPercent", "/links/1/emulation", "/links/2/emulation", "/tenants/0/sites/0/edge",
                            "/tenants/0/sites/0/prefixes/0", "/tenants/0/sites/0/prefixes/2", "/tenants/0/class", "/tenants/0/waypoints/0");
                })
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("unknown core \"c9\"");
    }

    @Test
    void duplicateKeysAndBadYamlAreErrors() {
        assertThatThrownBy(() -> TopologyParser.parse("name: a\nname: b\ncores: []\n", "dup.yaml"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> TopologyParser.parse("- just a list", "list.yaml"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("mapping");
    }

    @Test
    void planRoutesEveryLocatorAndNeverTransitsAnEdge() throws Exception {
        LabPlan plan = LabPlan.of(TopologyParser.parse(Path.of("topologies/demo.yaml")), new LabNames("g0abc"));
        for (NodePlan n : plan.nodes()) {
            assertThat(n.routes()).as(n.name()).hasSize(plan.nodes().size() - 1);
            assertThat(n.routes()).allSatisfy(r -> assertThat(r.src()).isEqualTo(n.loopback()));
        }
        // core1 reaches core4 over their direct link, not through an edge
        Route r = plan.node("core1").routes().stream().filter(x -> x.prefix().equals("fc00:4::/48")).findFirst().orElseThrow();
        assertThat(r.dev()).isEqualTo("e-core4");
        // edges reach everything over WireGuard
        assertThat(plan.node("edge-a").routes()).allSatisfy(x -> assertThat(x.dev()).startsWith("g0abcw"));
        assertThat(plan.tunnels()).hasSize(6);
        Set<String> wg = new HashSet<>();
        plan.tunnels().forEach(t -> {
            wg.add(t.edge().ifname());
            wg.add(t.core().ifname());
        });
        assertThat(wg).hasSize(12).allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(15));
        assertThat(plan.namespaces()).hasSize(6 + 4 + 1).allSatisfy(ns -> assertThat(ns).startsWith("g0abc-"));
        assertThat(plan.sites()).extracting(LabPlan.SitePlan::hostV4).doesNotHaveDuplicates();
    }

    @Test
    void resourcesAreValidAndReferToEachOther() throws Exception {
        String yaml = java.nio.file.Files.readString(Path.of("topologies/demo.yaml"))
                .replace("  - name: blue\n", "  - name: blue\n    class: zero-loss\n    waypoints: [core3]\n");
        LabPlan plan = LabPlan.of(TopologyParser.parse(yaml, "demo.yaml"), new LabNames("g0abc"));
        List<Resource> rs = LabResources.of(plan);
        assertThat(rs).filteredOn(x -> x.kind() == Kind.TENANT).hasSize(2);
        assertThat(rs).filteredOn(x -> x.kind() == Kind.NODE).hasSize(6);
        assertThat(rs).filteredOn(x -> x.kind() == Kind.LINK).hasSize(5 + 6);
        assertThat(rs).filteredOn(x -> x.kind() == Kind.ATTACHMENT).hasSize(4);
        assertThat(rs).filteredOn(x -> x.kind() == Kind.TRAFFIC_CLASS).extracting(Resource::name).containsExactly("zero-loss", "lowest-latency");
        assertThat(rs).filteredOn(x -> x.kind() == Kind.VPC && x.tenant().equals("blue")).singleElement()
                .satisfies(v -> assertThat(v.spec(dev.galactic.core.model.VpcSpec.class).mustInclude()).containsExactly("core3"));
        assertThat(rs).allSatisfy(x -> assertThat(Validation.intrinsic(x)).as(x.name()).isEmpty());
        // every reference resolves within the batch: the controller takes it as it is
        dev.galactic.core.model.ResourceImage image = dev.galactic.core.model.ResourceImage.of(rs);
        assertThat(rs).allSatisfy(x -> assertThat(Validation.references(x, image)).as(x.name()).isEmpty());
    }

    @Test
    void bgpSitesAllowTheirPrefixesAndRunACustomerRouter() throws Exception {
        LabPlan plan = LabPlan.of(TopologyParser.parse(Path.of("topologies/bgp.yaml")), new LabNames("g0abc"));
        Topology.Site a = plan.topology().sites().stream().filter(x -> x.name().equals("blue-a")).findFirst().orElseThrow();
        assertThat(a.bgp().asn()).isEqualTo(65001L);
        assertThat(a.bgp().announce()).extracting(Object::toString).containsExactly("10.77.0.0/24", "192.0.2.0/24", "0.0.0.0/0");
        List<Resource> rs = LabResources.of(plan);
        assertThat(rs).allSatisfy(x -> assertThat(Validation.intrinsic(x)).as(x.name()).isEmpty());
        Resource att = rs.stream().filter(x -> x.kind() == Kind.ATTACHMENT && x.name().equals("blue-c")).findFirst().orElseThrow();
        var spec = att.spec(dev.galactic.core.model.AttachmentSpec.class);
        // nothing static: the prefixes reach the VPC only when the customer router announces them
        assertThat(spec.prefixes()).isEmpty();
        assertThat(spec.bgp().allowedPrefixes()).extracting(dev.galactic.core.model.AttachmentSpec.AllowedPrefix::prefix)
                .containsExactly("10.3.0.0/24", "10.3.1.0/24", "10.3.2.0/24");
        assertThat(spec.bgp().maxPrefixes()).isEqualTo(2);
        LabPlan.SitePlan site = plan.sites().stream().filter(p -> p.name().equals("blue-a")).findFirst().orElseThrow();
        assertThat(rs.stream().filter(x -> x.kind() == Kind.ATTACHMENT && x.name().equals("blue-a")).findFirst().orElseThrow()
                .spec(dev.galactic.core.model.AttachmentSpec.class).bgp().peerAddress()).isEqualTo(site.hostV4());
        String bird = dev.galactic.lab.CustomerRouter.config(site);
        assertThat(bird).contains("neighbor " + site.edgeV4() + " external;").contains("local " + site.hostV4() + " as 65001;")
                .contains("protocol static announce_192_0_2_0_24 { ipv4; route 192.0.2.0/24 unreachable; }")
                .contains("export where source = RTS_BGP");
    }

    @Test
    void badBgpSitesNameTheField() {
        String yaml = SMALL.replace("sites: [{name: s1, edge: e1, prefixes: [\"10.1.0.0/24\"]}]",
                "sites: [{name: s1, edge: e1, prefixes: [\"10.1.0.0/24\", \"fd01::/64\"], bgp: {announce: [\"fd02::/64\", \"10.9.0.1/24\"], nope: 1}}]");
        assertThatThrownBy(() -> TopologyParser.parse(yaml, "bad.yaml")).isInstanceOf(TopologyException.class).satisfies(e -> {
            List<String> pointers = ((TopologyException) e).errors().stream().map(FieldError::pointer).toList();
            assertThat(pointers).contains("/tenants/0/sites/0/bgp/asn", "/tenants/0/sites/0/bgp/nope", "/tenants/0/sites/0/bgp/announce/0",
                    "/tenants/0/sites/0/bgp/announce/1");
        });
    }
}
