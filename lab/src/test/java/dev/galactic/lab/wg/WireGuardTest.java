package dev.galactic.lab.wg;

import dev.galactic.lab.LabAssumptions;
import dev.galactic.lab.LabNames;
import dev.galactic.lab.emu.Impairment;
import dev.galactic.lab.emu.LinkEmulator;
import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Ping;
import dev.galactic.lab.sys.Procs;
import dev.galactic.lab.sys.Prerequisites.Need;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A WireGuard tunnel (wireguard-go) over a veth pair between two namespaces this test creates. */
class WireGuardTest {

    @TempDir
    Path dir;

    private LabNames names;
    private String nsA;
    private String nsB;
    private final List<Procs.Recorded> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() {
        LabAssumptions.require(Need.ROOT, Need.IPROUTE2, Need.TUN, Need.WG, Need.WIREGUARD_GO, Need.PING, Need.TCPDUMP);
        names = LabNames.fresh();
        nsA = names.netns("a");
        nsB = names.netns("b");
        Netns.create(nsA);
        Netns.create(nsB);
        Cmd.check("ip", "link", "add", "veth0", "netns", nsA, "mtu", "1700", "type", "veth", "peer", "name", "veth0", "netns", nsB, "mtu", "1700");
        Netns.batch(nsA, List.of("addr add fd00:10:1::1/64 dev veth0 nodad", "link set veth0 up"));
        Netns.batch(nsB, List.of("addr add fd00:10:1::2/64 dev veth0 nodad", "link set veth0 up"));
    }

    @AfterEach
    void tearDown() {
        daemons.forEach(d -> Procs.terminate(d, Duration.ofSeconds(3)));
        if (nsA != null) Netns.delete(nsA, Duration.ofSeconds(3));
        if (nsB != null) Netns.delete(nsB, Duration.ofSeconds(3));
        if (names != null) {
            assertThat(Netns.list()).noneMatch(names::owns);
            assertThat(Path.of("/var/run/wireguard", names.wireguard(1, 'e') + ".sock")).doesNotExist();
            names.release();
        }
    }

    @Test
    void tunnelCarriesTrafficAndTheWireShowsOnlyWireGuardUdp() throws Exception {
        String ifA = names.wireguard(1, 'e');
        String pubB = tunnel("[fd00:10:1::2]:51821");
        Process dump = new ProcessBuilder(Cmd.inNs(nsB, "timeout", "6", "tcpdump", "-l", "-n", "-i", "veth0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1500); // tcpdump attaches; its own timeout bounds the capture
            Ping p = Ping.run(nsA, "fd00:20:1::2", 10, "0.05");
            assertThat(p.received()).isEqualTo(10);
            // a 1500-byte IPv6 packet (1452 + 8 ICMP + 40 IPv6) fits the tunnel without fragmenting
            Ping big = Ping.run(nsA, "fd00:20:1::2", 3, "0.05", "-s", "1452", "-M", "do");
            assertThat(big.received()).isEqualTo(3);
            List<String> lines = new String(dump.getInputStream().readAllBytes()).lines().toList();
            dump.waitFor();
            assertThat(lines).filteredOn(l -> l.contains(".51821: UDP")).hasSizeGreaterThanOrEqualTo(20);
            assertThat(lines).noneMatch(l -> l.contains("echo") || l.contains("fd00:20:1::"));
        } finally {
            dump.destroyForcibly();
        }
        assertThat(WireGuard.dump(nsA, ifA)).hasSize(2).last().asString().contains(pubB);
    }

    @Test
    void udpRelayInFrontOfTheEndpointDelaysTheTunnel() throws Exception {
        // the relay lives in B's namespace: A's endpoint is the relay, B's peer roams to it
        try (LinkEmulator relay = LinkEmulator.udpRelay("relay", nsB, new InetSocketAddress("fd00:10:1::2", 52821),
                new InetSocketAddress("fd00:10:1::2", 51821), new Impairment(10, 0, 0))) {
            tunnel("[fd00:10:1::2]:52821");
            Ping slow = Ping.run(nsA, "fd00:20:1::2", 20, "0.05");
            assertThat(slow.received()).isEqualTo(20);
            assertThat(slow.minMs()).isGreaterThanOrEqualTo(20.0);
            relay.impair(Impairment.NONE);
            Ping fast = Ping.run(nsA, "fd00:20:1::2", 20, "0.05");
            assertThat(fast.avgMs()).isLessThan(20.0);
            assertThat(relay.stats().aToB().sent()).isGreaterThanOrEqualTo(40);
            assertThat(relay.stats().bToA().sent()).isGreaterThanOrEqualTo(40);
            System.out.printf("WireGuard via UDP relay: RTT min %.2f ms at 10 ms one way, avg %.2f ms at 0 ms%n", slow.minMs(), fast.avgMs());
        }
    }

    /** Keys, daemons, peers and addresses for a tunnel whose A side sends to {@code endpoint}; returns B's public key. */
    private String tunnel(String endpoint) throws Exception {
        String ifA = names.wireguard(1, 'e');
        String ifB = names.wireguard(1, 'c');
        Path keyA = dir.resolve("a/wg.key");
        Path keyB = dir.resolve("b/wg.key");
        String pubA = WireGuard.generateKey(nsA, keyA);
        String pubB = WireGuard.generateKey(nsB, keyB);
        assertThat(pubA).isNotEqualTo(pubB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyA))).isEqualTo("rw-------");

        daemons.add(WireGuard.start(nsA, ifA, dir.resolve("a/wg.log")));
        daemons.add(WireGuard.start(nsB, ifB, dir.resolve("b/wg.log")));
        WireGuard.configure(nsA, ifA, keyA, 51821, new WireGuard.Peer(pubB, endpoint, List.of("::/0")));
        WireGuard.configure(nsB, ifB, keyB, 51821, new WireGuard.Peer(pubA, null, List.of("fd00:20:1::1/128", "fc00:a::/48")));
        Netns.batch(nsA, List.of("addr add fd00:20:1::1/64 dev " + ifA + " nodad", "link set " + ifA + " mtu 1600 up"));
        Netns.batch(nsB, List.of("addr add fd00:20:1::2/64 dev " + ifB + " nodad", "link set " + ifB + " mtu 1600 up"));
        return pubB;
    }
}
