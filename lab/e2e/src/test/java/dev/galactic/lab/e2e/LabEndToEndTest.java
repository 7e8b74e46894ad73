package dev.galactic.lab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.galactic.lab.ControlPlane;
import dev.galactic.lab.Lab;
import dev.galactic.lab.LabStatus;
import dev.galactic.lab.Progress;
import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.topology.LabResources;
import dev.galactic.lab.topology.TopologyParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product on one machine with real packets: `lab up` builds the demo backbone in
 * network namespaces and starts a controller and one agent per node (linux driver); the agents
 * program SRv6 from the controller's paths. Customer hosts of two tenants with the same IPv4
 * prefixes (one also on IPv6) ping across; counters in every core show the SRv6 packets cross
 * exactly the cores of the computed path; a new waypoint moves them; tenants reach neither each
 * other, nor the underlay, nor any SID; edge uplinks carry only WireGuard's UDP; an agent
 * restart and a controller outage of 30 s cost a running ping stream at most one packet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabEndToEndTest {

    static Path work;
    static LabStatus lab;
    static ControlPlane.Api api;
    static String topology;

    @BeforeAll
    static void up() throws Exception {
        LabTests.requireLab();
        work = Files.createTempDirectory("galactic-lab-e2e");
        topology = Files.readString(Path.of("..", "topologies", "demo.yaml"));
        lab = Lab.up(topology, "demo.yaml", work, new Progress(System.out), Lab.Options.full());
        api = Lab.api(work);
    }

    @AfterAll
    static void down() throws Exception {
        if (work == null) return;
        LabTests.down(work, lab);
    }

    // ---- helpers

    static LabStatus.SiteStatus site(String name) {
        return lab.sites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static String lan(String site, boolean v6) {
        return site(site).lanAddresses().stream().filter(a -> a.contains(":") == v6).findFirst().orElseThrow().replaceAll("/.*", "");
    }

    static String ns(String node) {
        return lab.prefix() + "-" + node;
    }

    /** Pings from a site's LAN address to another's; returns how many answers came back. */
    static int ping(String from, String to, boolean v6, int count) {
        Cmd.Result r = Cmd.run(List.of("ip", "netns", "exec", site(from).netns(), "ping", v6 ? "-6" : "-4", "-c", Integer.toString(count),
                "-i", "0.05", "-W", "1", "-I", lan(from, v6), lan(to, v6)), null, Duration.ofSeconds(30));
        return received(r.stdout());
    }

    /** Whether anything answers {@code address} from a site's host (its LAN address as source when it has one in the family). */
    static boolean reaches(String from, String address) {
        boolean v6 = address.contains(":");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", site(from).netns(), "ping", v6 ? "-6" : "-4", "-c", "2", "-i", "0.2", "-W", "1"));
        cmd.add(address);
        return received(Cmd.run(cmd, null, Duration.ofSeconds(10)).stdout()) > 0;
    }

    static int received(String pingOutput) {
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(pingOutput);
        return m.find() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** ICMP echo requests a namespace's stack has answered (per-namespace SNMP counters). */
    static long inEchos(String netns) {
        List<String> lines = Cmd.run(List.of("ip", "netns", "exec", netns, "cat", "/proc/net/snmp"), null, Duration.ofSeconds(5)).stdout().lines()
                .filter(l -> l.startsWith("Icmp:")).toList();
        List<String> names = List.of(lines.get(0).split("\\s+"));
        return Long.parseLong(lines.get(1).split("\\s+")[names.indexOf("InEchos")]);
    }

    static List<String> cores() {
        return lab.nodes().stream().filter(n -> n.role().equals("core")).map(LabStatus.NodeStatus::name).toList();
    }

    /** An nftables counter of SRv6 packets (IPv6 with a routing header) arriving at every core. */
    static void countSrv6AtCores() {
        for (String c : cores()) {
            Cmd.run(List.of("ip", "netns", "exec", ns(c), "nft", "-f", "-"), """
                    table inet e2e {}
                    flush table inet e2e
                    table inet e2e {
                      chain in { type filter hook prerouting priority -400; policy accept;
                        ip6 nexthdr 43 counter
                      }
                    }
                    """, Duration.ofSeconds(10)).orThrow();
        }
    }

    static Map<String, Long> srv6AtCores() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String c : cores()) {
            String s = Cmd.run(List.of("ip", "netns", "exec", ns(c), "nft", "list", "table", "inet", "e2e"), null, Duration.ofSeconds(10)).orThrow().stdout();
            Matcher m = Pattern.compile("counter packets (\\d+)").matcher(s);
            out.put(c, m.find() ? Long.parseLong(m.group(1)) : -1);
        }
        return out;
    }

    /** The cores of a tenant's primary paths between two sites, both directions. */
    static Set<String> pathCores(String tenant, String a, String b) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode p : api.get("/api/v1/tenants/" + tenant + "/vpcs/" + LabResources.VPC + "/paths").path("items")) {
            String from = p.path("from").asText(), to = p.path("to").asText();
            if (!(from.equals(a) && to.equals(b)) && !(from.equals(b) && to.equals(a))) continue;
            assertThat(p.path("status").asText()).as("path %s -> %s", from, to).isEqualTo("OK");
            for (JsonNode n : p.path("primary").path("nodes")) if (cores().contains(n.asText())) out.add(n.asText());
        }
        assertThat(out).as("paths of %s between %s and %s", tenant, a, b).isNotEmpty();
        return out;
    }

    static void awaitEdgesInSync() throws Exception {
        List<String> edges = lab.nodes().stream().filter(n -> n.role().equals("edge")).map(LabStatus.NodeStatus::name).toList();
        assertThat(api.awaitInSync(edges, Duration.ofSeconds(60), null)).as("edges behind").isEmpty();
    }

    // ---- the tests

    @Test
    @Order(1)
    void tenantsWithTheSamePrefixesPingAcrossTheBackboneEachToItsOwnSites() {
        long blueB = inEchos(site("blue-b").netns()), greenB = inEchos(site("green-b").netns());
        assertThat(ping("blue-a", "blue-b", false, 10)).as("blue IPv4 answers").isGreaterThanOrEqualTo(9);
        assertThat(inEchos(site("blue-b").netns()) - blueB).as("blue-b answered blue").isGreaterThanOrEqualTo(9);
        assertThat(inEchos(site("green-b").netns()) - greenB).as("green-b saw none of blue's pings").isZero();

        long blueA = inEchos(site("blue-a").netns()), greenA = inEchos(site("green-a").netns());
        assertThat(ping("green-b", "green-a", false, 10)).as("green IPv4 answers").isGreaterThanOrEqualTo(9);
        assertThat(inEchos(site("green-a").netns()) - greenA).isGreaterThanOrEqualTo(9);
        assertThat(inEchos(site("blue-a").netns()) - blueA).as("blue-a saw none of green's pings").isZero();

        assertThat(ping("green-a", "green-b", true, 10)).as("green IPv6 answers").isGreaterThanOrEqualTo(9);
        // full-size customer packets, not fragmented: 1500 bytes of IPv4 and of IPv6 cross SRv6 in WireGuard
        for (boolean v6 : new boolean[]{false, true}) {
            Cmd.Result r = Cmd.run(List.of("ip", "netns", "exec", site("green-a").netns(), "ping", v6 ? "-6" : "-4", "-M", "do", "-s", v6 ? "1452" : "1472",
                    "-c", "3", "-i", "0.2", "-W", "2", "-I", lan("green-a", v6), lan("green-b", v6)), null, Duration.ofSeconds(20));
            assertThat(received(r.stdout())).as("1500-byte packets (IPv%s): %s", v6 ? 6 : 4, r.stdout() + r.stderr()).isGreaterThanOrEqualTo(2);
        }
        assertThat(ping("blue-b", "blue-a", false, 5)).isGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(2)
    void tenantsReachNeitherTheUnderlayNorAnySidNorTheManagementNetwork() throws Exception {
        List<String> forbidden = new ArrayList<>();
        for (LabStatus.NodeStatus n : lab.nodes()) {
            forbidden.add(n.loopback());
            forbidden.add(n.mgmtAddress());
            for (JsonNode sid : api.get("/api/v1/nodes/" + n.name() + "/config").path("config").path("localSids")) {
                forbidden.add(sid.path("sid").asText());
            }
        }
        lab.tunnels().forEach(t -> forbidden.add(t.coreAddress()));
        forbidden.add(lab.mgmt().controllerAddress());
        forbidden.add("fd00:10:1::2");
        forbidden.add(site("blue-b").edgeV4().replaceAll("/.*", "")); // another site's edge interface
        for (String from : List.of("green-a", "blue-a")) {
            for (String target : forbidden) {
                assertThat(reaches(from, target)).as("%s reaches %s", from, target).isFalse();
            }
        }
        // and the other way: the backbone has no route into a tenant
        for (String c : cores()) {
            assertThat(Cmd.run(List.of("ip", "netns", "exec", ns(c), "ping", "-c", "1", "-W", "1", lan("blue-b", false)), null, Duration.ofSeconds(5)).ok())
                    .as("%s reaches a customer host", c).isFalse();
        }
    }

    @Test
    @Order(3)
    void srv6PacketsCrossExactlyTheCoresOfTheComputedPathAndAWaypointMovesThem() throws Exception {
        Set<String> onPath = pathCores("blue", "blue-a", "blue-b");
        countSrv6AtCores();
        assertThat(ping("blue-a", "blue-b", false, 40)).isGreaterThanOrEqualTo(38);
        Map<String, Long> seen = srv6AtCores();
        for (String c : cores()) {
            if (onPath.contains(c)) assertThat(seen.get(c)).as("SRv6 packets at %s (on the path %s): %s", c, onPath, seen).isGreaterThanOrEqualTo(38);
            else assertThat(seen.get(c)).as("SRv6 packets at %s (off the path %s): %s", c, onPath, seen).isZero();
        }

        String waypoint = cores().stream().filter(c -> !onPath.contains(c)).findFirst().orElseThrow();
        var blue = TopologyParser.parse(topology, "demo.yaml").tenants().stream().filter(t -> t.name().equals("blue")).findFirst().orElseThrow();
        // make before break: while the path moves, a ping stream through it loses nothing
        int lost = lostDuring(12, () -> {
            Thread.sleep(1000);
            api.apply(List.of(LabResources.vpc(blue, List.of(waypoint))));
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (!pathCores("blue", "blue-a", "blue-b").contains(waypoint) && System.nanoTime() < deadline) Thread.sleep(200);
            awaitEdgesInSync();
        });
        Set<String> moved = pathCores("blue", "blue-a", "blue-b");
        assertThat(moved).contains(waypoint);
        assertThat(lost).as("pings lost while the path moved to the waypoint").isZero();
        countSrv6AtCores();
        assertThat(ping("blue-a", "blue-b", false, 40)).isGreaterThanOrEqualTo(38);
        seen = srv6AtCores();
        for (String c : cores()) {
            if (moved.contains(c)) assertThat(seen.get(c)).as("after the waypoint, at %s (on %s): %s", c, moved, seen).isGreaterThanOrEqualTo(38);
            else assertThat(seen.get(c)).as("after the waypoint, at %s (off %s): %s", c, moved, seen).isZero();
        }
        api.apply(List.of(LabResources.vpc(blue, List.of())));
    }

    @Test
    @Order(4)
    void edgeUplinksCarryOnlyWireGuardUdp() {
        for (LabStatus.NodeStatus edge : lab.nodes().stream().filter(n -> n.role().equals("edge")).toList()) {
            List<String> uplinks = lab.links().stream().filter(l -> l.role().equals("uplink") && l.aIf().startsWith(edge.netns() + ":"))
                    .map(l -> "\"" + l.aIf().substring(edge.netns().length() + 1) + "\"").toList();
            Cmd.run(List.of("ip", "netns", "exec", edge.netns(), "nft", "-f", "-"), """
                    table inet e2e {}
                    flush table inet e2e
                    table inet e2e {
                      chain out { type filter hook postrouting priority 400; policy accept;
                        oifname { %1$s } meta l4proto != { udp, icmpv6 } counter
                        oifname { %1$s } icmpv6 type != { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } counter
                        oifname { %1$s } meta l4proto udp counter
                      }
                    }
                    """.formatted(String.join(", ", uplinks)), Duration.ofSeconds(10)).orThrow();
        }
        assertThat(ping("green-a", "green-b", true, 20)).isGreaterThanOrEqualTo(19);
        assertThat(ping("blue-b", "blue-a", false, 20)).isGreaterThanOrEqualTo(19);
        for (LabStatus.NodeStatus edge : lab.nodes().stream().filter(n -> n.role().equals("edge")).toList()) {
            String s = Cmd.run(List.of("ip", "netns", "exec", edge.netns(), "nft", "list", "table", "inet", "e2e"), null, Duration.ofSeconds(10)).orThrow().stdout();
            Matcher m = Pattern.compile("counter packets (\\d+)").matcher(s);
            List<Long> counters = new ArrayList<>();
            while (m.find()) counters.add(Long.parseLong(m.group(1)));
            assertThat(counters).as("%s uplinks: non-UDP, non-ND ICMPv6, UDP", edge.name()).hasSize(3);
            assertThat(counters.get(0) + counters.get(1)).as("packets other than UDP on %s's uplinks", edge.name()).isZero();
            assertThat(counters.get(2)).as("WireGuard UDP on %s's uplinks", edge.name()).isGreaterThanOrEqualTo(20);
        }
    }

    /** A ping stream at 50 packets/s between blue's sites, running while {@code disturbance} runs. */
    static int lostDuring(int seconds, ThrowingRunnable disturbance) throws Exception {
        int count = seconds * 50;
        Process p = new ProcessBuilder("ip", "netns", "exec", site("blue-a").netns(), "ping", "-4", "-c", Integer.toString(count), "-i", "0.02",
                "-W", "1", "-I", lan("blue-a", false), lan("blue-b", false)).redirectErrorStream(true).start();
        try {
            disturbance.run();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            int got = received(out);
            Matcher m = Pattern.compile("(\\d+) packets transmitted").matcher(out);
            assertThat(m.find()).as("ping summary: %s", out).isTrue();
            System.out.println("ping stream: " + out.lines().filter(l -> l.contains("transmitted")).findFirst().orElse(""));
            return Integer.parseInt(m.group(1)) - got;
        } finally {
            p.destroyForcibly();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    @Order(5)
    void restartingAnAgentLosesAtMostOnePacket() throws Exception {
        int lost = lostDuring(20, () -> {
            Thread.sleep(2000);
            assertThat(Lab.stop(work, "agent", "edge-a")).isTrue();
            Thread.sleep(2000);
            Lab.start(work, "agent", "edge-a");
            Thread.sleep(3000);
            awaitEdgesInSync();
        });
        assertThat(lost).as("pings lost while edge-a's agent restarted").isLessThanOrEqualTo(1);
    }

    @Test
    @Order(6)
    void theControllerDownForThirtySecondsLosesAtMostOnePacket() throws Exception {
        int lost = lostDuring(50, () -> {
            Thread.sleep(2000);
            assertThat(Lab.stop(work, "controller", "controller")).isTrue();
            Thread.sleep(30_000);
            Lab.start(work, "controller", "controller");
            ControlPlane.Api fresh = Lab.api(work);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    fresh.get("/readyz");
                    break;
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(250);
                }
            }
            awaitEdgesInSync();
        });
        assertThat(lost).as("pings lost while the controller was down 30 s and came back").isLessThanOrEqualTo(1);
    }
}
