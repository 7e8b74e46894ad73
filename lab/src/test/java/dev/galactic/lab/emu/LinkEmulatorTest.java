package dev.galactic.lab.emu;

import dev.galactic.lab.LabAssumptions;
import dev.galactic.lab.LabNames;
import dev.galactic.lab.sys.Cmd;
import dev.galactic.lab.sys.Netns;
import dev.galactic.lab.sys.Ping;
import dev.galactic.lab.sys.Prerequisites.Need;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real packets through the Java link emulator, between two namespaces this test creates. */
class LinkEmulatorTest {

    private LabNames names;
    private String nsA;
    private String nsB;
    private LinkEmulator emu;

    @BeforeEach
    void twoNamespacesJoinedByTheEmulator() throws Exception {
        LabAssumptions.require(Need.ROOT, Need.IPROUTE2, Need.TUN, Need.PING);
        names = LabNames.fresh();
        nsA = names.netns("a");
        nsB = names.netns("b");
        Netns.create(nsA);
        Netns.create(nsB);
        emu = LinkEmulator.start("a-b", new Endpoint(nsA, "wire0"), new Endpoint(nsB, "wire0"), Impairment.NONE);
        Netns.batch(nsA, List.of("addr add fd00:e::1/64 dev wire0 nodad", "link set wire0 mtu 1600 up"));
        Netns.batch(nsB, List.of("addr add fd00:e::2/64 dev wire0 nodad", "link set wire0 mtu 1600 up"));
    }

    @AfterEach
    void cleanUp() {
        if (emu != null) emu.close();
        if (nsA != null) Netns.delete(nsA, Duration.ofSeconds(3));
        if (nsB != null) Netns.delete(nsB, Duration.ofSeconds(3));
        if (names != null) {
            assertThat(Netns.list()).noneMatch(names::owns);
            names.release();
        }
    }

    @Test
    void delayAppliesPerDirectionAndChangesAtRuntime() {
        Ping fast = Ping.run(nsA, "fd00:e::2", 50, "0.02");
        assertThat(fast.received()).isEqualTo(50);

        emu.impair(new Impairment(10, 0, 0));
        Ping slow = Ping.run(nsA, "fd00:e::2", 50, "0.02");
        assertThat(slow.received()).isEqualTo(50);
        // each direction holds the frame >= 10 ms; the bound above is generous for a loaded CI box
        assertThat(slow.minMs()).isGreaterThanOrEqualTo(20.0);
        assertThat(slow.avgMs()).isLessThan(20.0 + 40.0);
        System.out.printf("emulator RTT: no delay avg %.2f ms; 10 ms one way min %.2f avg %.2f max %.2f ms%n",
                fast.avgMs(), slow.minMs(), slow.avgMs(), slow.maxMs());

        emu.impair(Impairment.NONE);
        Ping back = Ping.run(nsA, "fd00:e::2", 20, "0.02");
        assertThat(back.avgMs()).isLessThan(20.0);
    }

    @Test
    void throughputIsMeasured() throws Exception {
        LabAssumptions.require(Need.IPERF3);
        Process server = new ProcessBuilder(Cmd.inNs(nsB, "timeout", "30", "iperf3", "-s", "-1", "-B", "fd00:e::2"))
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(500);
            Cmd.Result r = Cmd.run(Cmd.inNs(nsA, "iperf3", "-c", "fd00:e::2", "-t", "3", "-J"), null, Duration.ofSeconds(30)).orThrow();
            double bps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout())
                    .at("/end/sum_received/bits_per_second").asDouble();
            System.out.printf("emulator throughput (TCP, 1600-byte MTU, no delay): %.0f Mbit/s%n", bps / 1e6);
            assertThat(bps).isGreaterThan(10e6);
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    @Test
    void jitterKeepsDelayWithinBounds() {
        emu.impair(new Impairment(10, 5, 0));
        Ping p = Ping.run(nsA, "fd00:e::2", 50, "0.02");
        assertThat(p.received()).isEqualTo(50);
        assertThat(p.minMs()).isGreaterThanOrEqualTo(10.0); // 2 x (10 - 5)
        // upper bounds use the average: a single ping can stall behind a busy CI machine
        assertThat(p.avgMs()).isLessThan(20.0 + 40.0);
        assertThat(p.maxMs() - p.minMs()).isGreaterThan(1.0); // jitter is really there
    }

    @Test
    void lossMatchesTheConfiguredRateWithinBinomialTolerance() {
        // warm up neighbour discovery first so loss on ND does not count
        Ping.run(nsA, "fd00:e::2", 3, "0.05");
        emu.impair(new Impairment(0, 0, 10), Impairment.NONE); // requests only: 10 % per ping
        int n = 300;
        Ping p = Ping.run(nsA, "fd00:e::2", n, "0.005");
        double expected = 0.10 * n;
        double sigma = Math.sqrt(n * 0.10 * 0.90);
        int lost = n - p.received();
        System.out.printf("emulator loss: %d of %d (expected %.0f +/- %.1f)%n", lost, n, expected, sigma);
        assertThat((double) lost).isBetween(expected - 4.5 * sigma, expected + 4.5 * sigma);
        LinkStats s = emu.stats();
        // the emulator may also have dropped a neighbour discovery frame or two
        assertThat(s.aToB().lost()).isBetween((long) lost, lost + 5L);
        assertThat(s.bToA().lost()).isZero();
    }

    @Test
    void srv6PacketsCrossTheWire() throws Exception {
        emu.impair(new Impairment(2, 0, 0));
        // A sends UDP with a segment routing header (the socket's IPV6_RTHDR: no seg6 lightweight
        // tunnel needed, which this kernel may lack); B's capture sees the SRH arrive whole
        Netns.batch(nsA, List.of("link add lan0 type bridge", "link set lan0 up", "addr add fd01::1/128 dev lan0 nodad",
                "route add fd01::2/128 via fd00:e::2 dev wire0"));
        Netns.batch(nsB, List.of("link add lan0 type bridge", "link set lan0 up", "addr add fd01::2/128 dev lan0 nodad",
                "route add fd01::1/128 via fd00:e::1 dev wire0"));
        Process dump = new ProcessBuilder(Cmd.inNs(nsB, "timeout", "15", "tcpdump", "-l", "-c", "3", "-ni", "wire0", "ip6[6] == 43"))
                .redirectErrorStream(true).start();
        try {
            Thread.sleep(1500); // let tcpdump attach; its own timeout bounds the capture
            Ping p = Ping.run(nsA, "fd01::2", 10, "0.05", "-I", "fd01::1");
            assertThat(p.received()).isEqualTo(10);
            assertThat(p.minMs()).isGreaterThanOrEqualTo(2.0);
            String send = """
                    import socket, struct
                    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                    s.bind(("fd01::1", 0))
                    # next header (the kernel fills it), length 2 (x 8 bytes), type 4, segments left 0, last entry 0
                    srh = struct.pack("!BBBBBBH", 0, 2, 4, 0, 0, 0, 0) + socket.inet_pton(socket.AF_INET6, "fd01::2")
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RTHDR, srh)
                    for i in range(3): s.sendto(b"galactic", ("fd01::2", 9))
                    """;
            Cmd.run(Cmd.inNs(nsA, "python3", "-c", send), null, java.time.Duration.ofSeconds(10)).orThrow();
            String seen = new String(dump.getInputStream().readAllBytes());
            assertThat(dump.waitFor()).as(seen).isZero();
            assertThat(seen).contains("fd01::1 > fd01::2").contains("RT6").contains("type=4");
        } finally {
            dump.destroyForcibly();
        }
    }
}
