package dev.galactic.agent.driver.linux;

import dev.galactic.core.model.NodeSpec.NodeRole;
import dev.galactic.core.render.NodeConfig;
import dev.galactic.core.sid.SidFunction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The two decapsulation modes of the linux driver, as plans (the kernel here has no VRF, so VRF mode is checked as text). */
class LinuxPlanTest {

    static final NodeConfig EDGE = new NodeConfig("edge-a", NodeRole.EDGE, "fc00:a::/48", "fc00:a::1", "fc00::/16",
            List.of(new NodeConfig.LocalSid("fc00:a:0:1000::", SidFunction.END, null, null),
                    new NodeConfig.LocalSid("fc00:a:0:3007::", SidFunction.END_DT4, "blue", "main"),
                    new NodeConfig.LocalSid("fc00:a:0:4007::", SidFunction.END_DT6, "blue", "main")),
            List.of(),
            List.of(new NodeConfig.TenantConfig("blue", 7, List.of(new NodeConfig.Site("blue-a", "main", List.of("10.1.0.0/24"))),
                    List.of(new NodeConfig.ClassRoutes("main", "lowest-latency", 0, true, List.of(
                            new NodeConfig.Route("10.2.0.0/24", List.of("fc00:2:0:1000::", "fc00:b:0:3007::"), List.of(), "blue-b", List.of())))),
                    List.of())));
    /** The delivery table of the tenant's only VPC here: the top one (0x201ff is its mark, 0x20000 + 7 * 64 + 63). */
    static final int DELIVERY = 63;
    static final Map<String, LinuxPlan.SitePort> PORTS = Map.of("blue-a", new LinuxPlan.SitePort("c-blue-a", "172.16.1.2", null));

    @Test
    void withoutVrfEndDt4IsEmulatedWithAMarkAndARule() {
        LinuxPlan.Desired d = LinuxPlan.plan(EDGE, PORTS, LinuxPlan.Dataplane.SEG6_TABLES);
        long delivery = LinuxPlan.table(7, DELIVERY);
        assertThat(d.vrfs()).isEmpty();
        assertThat(d.routes()).extracting(LinuxPlan.Route::spec).contains(
                "fc00:a:0:3007::/128 encap seg6local action End.DX4 nh4 0.0.0.0 dev sid0",
                "fc00:a:0:4007::/128 encap seg6local action End.DT6 table " + delivery + " dev sid0");
        assertThat(d.rules()).extracting(LinuxPlan.Rule::spec).contains("pref 1600 fwmark 0x201ff lookup " + delivery);
        assertThat(d.nft()).contains("ip6 daddr fc00:a:0:3007:: meta mark set 0x201ff");
    }

    @Test
    void withVrfEveryTenantSidDecapsulatesIntoTheTenantsVrfWithoutMarks() {
        LinuxPlan.Desired d = LinuxPlan.plan(EDGE, PORTS, LinuxPlan.Dataplane.SEG6_VRF);
        long delivery = LinuxPlan.table(7, DELIVERY);
        assertThat(d.vrfs()).containsExactly(new LinuxPlan.Vrf("gvrf7.63", delivery));
        assertThat(d.routes()).extracting(LinuxPlan.Route::spec).contains(
                "fc00:a:0:1000::/128 encap seg6local action End dev sid0",
                "fc00:a:0:3007::/128 encap seg6local action End.DT4 vrftable " + delivery + " dev sid0",
                "fc00:a:0:4007::/128 encap seg6local action End.DT6 vrftable " + delivery + " dev sid0");
        assertThat(d.rules()).extracting(LinuxPlan.Rule::spec).noneMatch(r -> r.startsWith("pref 1600"));
        assertThat(d.nft()).doesNotContain("meta mark set 0x201ff");
        // ingress is the same in both modes: the site's traffic uses its VPC's default class table
        assertThat(d.rules()).extracting(LinuxPlan.Rule::spec).contains("pref 2000 iif c-blue-a lookup " + LinuxPlan.table(7, 0));
        assertThat(d.routes()).extracting(LinuxPlan.Route::spec).contains("10.1.0.0/24 via 172.16.1.2 dev c-blue-a table " + delivery);
    }

    @Test
    void eachVpcOfATenantDecapsulatesIntoItsOwnDeliveryTable() {
        // blue's VPCs main and lab both have 10.1.0.0/24 here, behind different ports
        NodeConfig two = new NodeConfig("edge-a", NodeRole.EDGE, "fc00:a::/48", "fc00:a::1", "fc00::/16",
                List.of(new NodeConfig.LocalSid("fc00:a:0:3011::", SidFunction.END_DT4, "blue", "lab"),
                        new NodeConfig.LocalSid("fc00:a:0:3012::", SidFunction.END_DT4, "blue", "main"),
                        new NodeConfig.LocalSid("fc00:a:0:4011::", SidFunction.END_DT6, "blue", "lab")),
                List.of(),
                List.of(new NodeConfig.TenantConfig("blue", 7, List.of(new NodeConfig.Site("blue-a", "main", List.of("10.1.0.0/24")),
                        new NodeConfig.Site("lab-a", "lab", List.of("10.1.0.0/24"))),
                        List.of(new NodeConfig.ClassRoutes("lab", "fast", 0, true, List.of()), new NodeConfig.ClassRoutes("main", "fast", 1, true, List.of())),
                        List.of())));
        Map<String, LinuxPlan.SitePort> ports = Map.of("blue-a", new LinuxPlan.SitePort("c-blue-a", "172.16.1.2", null),
                "lab-a", new LinuxPlan.SitePort("c-lab-a", "172.16.2.2", null));
        long lab = LinuxPlan.table(7, 63), main = LinuxPlan.table(7, 62); // VPCs in name order from the top
        for (LinuxPlan.Dataplane mode : LinuxPlan.Dataplane.values()) {
            LinuxPlan.Desired d = LinuxPlan.plan(two, ports, mode);
            assertThat(d.routes()).extracting(LinuxPlan.Route::spec).as(mode.name())
                    .contains("10.1.0.0/24 via 172.16.1.2 dev c-blue-a table " + main, "10.1.0.0/24 via 172.16.2.2 dev c-lab-a table " + lab);
        }
        LinuxPlan.Desired tables = LinuxPlan.plan(two, ports, LinuxPlan.Dataplane.SEG6_TABLES);
        assertThat(tables.nft()).contains("ip6 daddr fc00:a:0:3011:: meta mark set 0x201ff", "ip6 daddr fc00:a:0:3012:: meta mark set 0x201fe");
        assertThat(tables.rules()).extracting(LinuxPlan.Rule::spec).contains("pref 1600 fwmark 0x201ff lookup " + lab, "pref 1600 fwmark 0x201fe lookup " + main);
        assertThat(tables.routes()).extracting(LinuxPlan.Route::spec).contains("fc00:a:0:4011::/128 encap seg6local action End.DT6 table " + lab + " dev sid0");
        LinuxPlan.Desired vrf = LinuxPlan.plan(two, ports, LinuxPlan.Dataplane.SEG6_VRF);
        assertThat(vrf.vrfs()).containsExactlyInAnyOrder(new LinuxPlan.Vrf("gvrf7.63", lab), new LinuxPlan.Vrf("gvrf7.62", main));
        assertThat(vrf.routes()).extracting(LinuxPlan.Route::spec).contains("fc00:a:0:3012::/128 encap seg6local action End.DT4 vrftable " + main + " dev sid0");
        EbpfMaps maps = LinuxPlan.plan(two, ports, LinuxPlan.Dataplane.EBPF).maps();
        assertThat(maps.sids()).containsEntry("fc 00 00 0a 00 00 30 11", "02 00 00 00 07 00 00 00 ff 01 02")
                .containsEntry("fc 00 00 0a 00 00 30 12", "02 00 00 00 07 00 00 00 fe 01 02");
    }

    @Test
    void dt46OnlyExistsWithVrf() {
        NodeConfig dt46 = new NodeConfig(EDGE.node(), EDGE.role(), EDGE.locator(), EDGE.sourceAddress(), EDGE.sidSpace(),
                List.of(new NodeConfig.LocalSid("fc00:a:0:5007::", SidFunction.END_DT46, "blue", "main")), List.of(), EDGE.tenants());
        assertThat(LinuxPlan.plan(dt46, PORTS, LinuxPlan.Dataplane.SEG6_VRF).routes()).extracting(LinuxPlan.Route::spec)
                .contains("fc00:a:0:5007::/128 encap seg6local action End.DT46 vrftable " + LinuxPlan.table(7, DELIVERY) + " dev sid0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinuxPlan.plan(dt46, PORTS, LinuxPlan.Dataplane.SEG6_TABLES))
                .hasMessageContaining("END_DT46");
    }

    @Test
    void withEbpfRemotePrefixesGoToTheEncapDeviceAndTheSegmentListsToTheMaps() {
        LinuxPlan.Desired d = LinuxPlan.plan(EDGE, PORTS, LinuxPlan.Dataplane.EBPF, sid -> 1600);
        long delivery = LinuxPlan.table(7, DELIVERY);
        // 1600 less IPv6, SRH and two segments
        assertThat(d.routes()).extracting(LinuxPlan.Route::spec).contains("10.2.0.0/24 dev gsrv6 mtu 1520 table " + LinuxPlan.table(7, 0))
                .noneMatch(r -> r.contains("seg6"));
        assertThat(d.rules()).extracting(LinuxPlan.Rule::spec).contains("pref 1600 fwmark 0x201ff lookup " + delivery)
                .contains("pref 2000 iif c-blue-a lookup " + LinuxPlan.table(7, 0));
        assertThat(d.rules().stream().filter(r -> r.spec().startsWith("pref 1600"))).extracting(LinuxPlan.Rule::family).containsExactlyInAnyOrder(4, 6);
        assertThat(d.nft()).doesNotContain("meta mark set 0x201ff").contains("ip6 daddr fc00::/16 drop");
        EbpfMaps m = d.maps();
        assertThat(m.ports()).containsExactly(Map.entry("c-blue-a", new EbpfMaps.Port(7, 0)));
        assertThat(m.contents(EbpfMaps.Name.IF_TENANT, Map.of("c-blue-a", 5))).containsExactly(Map.entry("05", "07"));
        // key: prefix length 64 + 24, tenant 7 and class 0 big-endian, 10.2.0.0
        assertThat(m.encap4()).containsOnlyKeys("58 00 00 00 00 00 00 07 00 00 00 00 0a 02");
        String v = m.encap4().values().iterator().next();
        // two segments, no flags, the source fc00:a::1, then the segments in SRH order: the decapsulation SID first
        assertThat(v).startsWith("02 00 00 00 00 00 00 00 fc 00 00 0a 00 00 00 00 00 00 00 00 00 00 00 01 fc 00 00 0b 00 00 30 07")
                .endsWith("fc 00 00 02 00 00 10");
        assertThat(EbpfMaps.Name.ENCAP4.pad(v, true).split(" ")).hasSize(8 + 16 + 16 * EbpfMaps.MAX_SEGMENTS);
        assertThat(m.sids()).containsEntry("fc 00 00 0a 00 00 10", "01").containsEntry("fc 00 00 0a 00 00 30 07", "02 00 00 00 07 00 00 00 ff 01 02")
                .containsEntry("fc 00 00 0a 00 00 40 07", "03 00 00 00 07 00 00 00 ff 01 02");
        assertThat(m.counters()).containsExactlyInAnyOrder(EbpfMaps.counterKey(7, 0), EbpfMaps.counterKey(7, EbpfMaps.DECAP_CLASS));
    }

    @Test
    void theEbpfDataPlaneRefusesWhatItCannotCarry() {
        List<String> long25 = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "fc00:" + Integer.toHexString(i + 1) + "::e").toList();
        NodeConfig.TenantConfig t = EDGE.tenants().getFirst();
        NodeConfig tooLong = new NodeConfig(EDGE.node(), EDGE.role(), EDGE.locator(), EDGE.sourceAddress(), EDGE.sidSpace(), EDGE.localSids(), List.of(),
                List.of(new NodeConfig.TenantConfig("blue", 7, t.sites(), List.of(new NodeConfig.ClassRoutes("main", "lowest-latency", 0, true,
                        List.of(new NodeConfig.Route("10.2.0.0/24", long25, List.of(), "blue-b", List.of())))), List.of())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinuxPlan.plan(tooLong, PORTS, LinuxPlan.Dataplane.EBPF))
                .hasMessageContaining("25 segments").hasMessageContaining("at most 24");
        NodeConfig endX = new NodeConfig(EDGE.node(), EDGE.role(), EDGE.locator(), EDGE.sourceAddress(), EDGE.sidSpace(),
                List.of(new NodeConfig.LocalSid("fc00:a:0:2001::", SidFunction.END_X, null, null)), List.of(), EDGE.tenants());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinuxPlan.plan(endX, PORTS, LinuxPlan.Dataplane.EBPF))
                .hasMessageContaining("END_X").hasMessageContaining("eBPF");
    }
}
