package dev.galactic.lab;

import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Ping;
import dev.galactic.lab.sys.Prerequisites.Need;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo topology for real: up, reachability, impairment at runtime, down, and again. */
class LabTest {

    private static final Path DEMO = Path.of("topologies/demo.yaml");

    @TempDir
    Path tmp;

    private final List<Path> workDirs = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    @BeforeEach
    void prerequisites() {
        LabAssumptions.require(Need.ROOT, Need.IPROUTE2, Need.TUN, Need.WG, Need.WIREGUARD_GO, Need.PING);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Path w : workDirs) Lab.down(w, Progress.quiet());
        // safety net: nothing with our prefixes may survive, even if down itself was broken
        for (String p : prefixes) {
            LabNames n = new LabNames(p);
            for (String ns : Netns.list()) if (n.owns(ns)) Netns.delete(ns, Duration.ofSeconds(3));
            n.release();
        }
    }

    @Test
    void demoLabComesUpRoutesEverythingAndGoesAwayTwice() throws Exception {
        for (int cycle = 1; cycle <= 2; cycle++) {
            Path work = tmp.resolve("lab" + cycle);
            workDirs.add(work);
            LabStatus st = Lab.up(DEMO, work, new Progress(System.out), Lab.Options.networkOnly());
            prefixes.add(st.prefix());
            assertThat(st.healthy()).as("status %s", st).isTrue();
            assertThat(st.nodes()).hasSize(6).allSatisfy(n -> assertThat(n.wireguardPublicKey()).isNotBlank());
            assertThat(st.daemons()).hasSize(1 + 12);
            assertThat(Files.getPosixFilePermissions(Lab.privateKey(work, "edge-a")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

            if (cycle == 1) checkReachabilityAndImpairment(st);
            else checkOneOfEach(st);

            Lab.DownReport down = Lab.down(work, new Progress(System.out));
            assertThat(down.namespacesDeleted()).isEqualTo(11);
            assertThat(Netns.list()).noneMatch(new LabNames(st.prefix())::owns);
            assertThat(st.daemons()).allSatisfy(d -> assertThat(ProcessHandle.of(d.pid()).map(ProcessHandle::isAlive).orElse(false)
                    && !isZombie(d.pid())).as("pid %d", d.pid()).isFalse());
            assertThat(Cmd.run("ip", "-br", "link").stdout()).doesNotContain(st.prefix());
            try (var socks = Files.list(Path.of("/var/run/wireguard"))) {
                assertThat(socks.map(Path::toString)).noneMatch(s -> s.contains(st.prefix()));
            }
            assertThat(work).doesNotExist();
            assertThat(Path.of("/var/run/galactic-lab", st.prefix())).doesNotExist(); // prefix given back
            assertThat(Lab.down(work, Progress.quiet()).namespacesDeleted()).isZero(); // twice is fine
        }
    }

    private static void checkReachabilityAndImpairment(LabStatus st) throws Exception {
        var cores = st.nodes().stream().filter(n -> n.role().equals("core")).toList();
        for (var a : cores) {
            for (var b : cores) {
                if (a == b) continue;
                Ping p = Ping.run(a.netns(), b.loopback(), 3, "0.05", "-I", a.loopback());
                assertThat(p.received()).as("%s -> %s", a.name(), b.name()).isGreaterThanOrEqualTo(2);
            }
        }
        for (var t : st.tunnels()) {
            var edge = node(st, t.edge());
            var core = node(st, t.core());
            // some demo links drop a little on purpose: reachability means most pings come back
            assertThat(Ping.run(edge.netns(), t.coreAddress(), 3, "0.05").received()).as("tunnel %s", t.link()).isGreaterThanOrEqualTo(2);
            assertThat(Ping.run(edge.netns(), core.loopback(), 3, "0.05", "-I", edge.loopback()).received())
                    .as("%s -> %s locator", t.edge(), t.core()).isGreaterThanOrEqualTo(2);
        }
        var ea = node(st, "edge-a");
        var eb = node(st, "edge-b");
        assertThat(Ping.run(ea.netns(), eb.loopback(), 3, "0.05", "-I", ea.loopback()).received()).isGreaterThanOrEqualTo(2);
        // management: every agent can reach the controller address
        for (var n : st.nodes()) assertThat(Ping.run(n.netns(), st.mgmt().controllerAddress(), 3, "0.05").received()).as(n.name()).isEqualTo(3);
        for (var s : st.sites()) assertThat(Ping.run(s.netns(), s.edgeV4(), 3, "0.05").received()).as(s.name()).isEqualTo(3);

        // impair core1-core2 (5 ms) to 30 ms one way: the RTT between their locators grows to >= 60 ms
        var c1 = node(st, "core1");
        var c2 = node(st, "core2");
        Ping before = Ping.run(c1.netns(), c2.loopback(), 10, "0.05", "-I", c1.loopback());
        Lab.impair(st.workDir(), "core2-core1", new Impairment(30, 0, 0));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(Ping.run(c1.netns(), c2.loopback(), 1, "0.2", "-I", c1.loopback()).minMs()).isGreaterThanOrEqualTo(60.0));
        Ping after = Ping.run(c1.netns(), c2.loopback(), 10, "0.05", "-I", c1.loopback());
        System.out.printf("lab core1->core2 RTT: %.2f ms at 5 ms one way, %.2f ms at 30 ms one way%n", before.avgMs(), after.avgMs());
        var configured = st.links().stream().filter(l -> l.name().equals("core1-core2")).findFirst().orElseThrow().impairment();
        assertThat(before.minMs()).isGreaterThanOrEqualTo(2 * (configured.delayMs() - configured.jitterMs()));
        assertThat(after.minMs()).isGreaterThanOrEqualTo(60.0);
        assertThat(Lab.status(st.workDir()).links()).filteredOn(l -> l.name().equals("core1-core2"))
                .singleElement().satisfies(l -> assertThat(l.impairment().delayMs()).isEqualTo(30.0));

        // the edge-b uplink to core2 is a UDP relay: impairing it delays only that tunnel
        var relayed = st.tunnels().stream().filter(t -> t.link().equals("edge-b-core2")).findFirst().orElseThrow();
        var eb2 = node(st, "edge-b");
        Lab.impair(st.workDir(), "edge-b-core2", new Impairment(25, 0, 0));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(Ping.run(eb2.netns(), relayed.coreAddress(), 1, "0.2").minMs()).isGreaterThanOrEqualTo(50.0));
        Ping relayedPing = Ping.run(eb2.netns(), relayed.coreAddress(), 10, "0.05");
        System.out.printf("lab edge-b->core2 tunnel RTT via UDP relay at 25 ms one way: %.2f ms%n", relayedPing.avgMs());
        assertThat(relayedPing.minMs()).isGreaterThanOrEqualTo(50.0);
    }

    private static void checkOneOfEach(LabStatus st) {
        var ea = node(st, "edge-a");
        var c4 = node(st, "core4");
        assertThat(Ping.run(ea.netns(), c4.loopback(), 3, "0.05", "-I", ea.loopback()).received()).isGreaterThanOrEqualTo(2);
    }

    private static LabStatus.NodeStatus node(LabStatus st, String name) {
        return st.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean isZombie(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (Exception e) {
            return true;
        }
    }
}
