package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@Timeout(60)
class Iperf3Test {

    static final LinkId LINK = LinkId.of("core1", "core2");

    static String fixture(String name) throws IOException {
        try (InputStream in = Iperf3Test.class.getResourceAsStream("/iperf3/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tcpRunReportsTheReceiversRateAndRetransmits() throws IOException {
        Sample.Bandwidth b = Iperf3Result.parse(fixture("tcp.json"), LINK, 42);
        // real iperf3 3.12 output on loopback
        assertThat(b.mbps()).isCloseTo(8565.281, within(1e-3));
        assertThat(b.retransmits()).isEqualTo(31);
        assertThat(b.lossPercent()).isZero();
        assertThat(b.durationNanos()).isEqualTo(1_000_185_000L);
        assertThat(b.timestampNanos()).isEqualTo(42);
        assertThat(b.link()).isEqualTo(LINK);
    }

    @Test
    void udpRunReportsLoss() throws IOException {
        Sample.Bandwidth b = Iperf3Result.parse(fixture("udp.json"), LINK, 0);
        // real iperf3 3.12 UDP run at 20 Mbit/s with nftables dropping 5% (2 of 77 datagrams lost)
        assertThat(b.mbps()).isCloseTo(19.654, within(1e-3));
        assertThat(b.lossPercent()).isCloseTo(100.0 * 2 / 77, within(1e-9));
    }

    @Test
    void anErrorIsAFailureNotZeroBandwidth() {
        assertThatThrownBy(() -> Iperf3Result.parse(fixture("refused.json"), LINK, 0))
                .isInstanceOf(Iperf3Result.Iperf3Exception.class).hasMessageContaining("Connection refused");
        assertThatThrownBy(() -> Iperf3Result.parse("{}", LINK, 0)).isInstanceOf(Iperf3Result.Iperf3Exception.class);
    }

    @Test
    void realIperf3OnLoopback() throws Exception {
        String iperf3 = LabTools.require("iperf3", "iperf3", Iperf3Runner.find()).toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Iperf3Runner.Server server = Iperf3Runner.Server.start(iperf3, "127.0.0.1", port)) {
            Thread.sleep(300); // iperf3 -s binds right after start
            assertThat(server.alive()).isTrue();
            Sample.Bandwidth b = new Iperf3Runner(iperf3, Duration.ofSeconds(10))
                    .run(LINK, "127.0.0.1", port, Duration.ofSeconds(1), null, WallClock.SYSTEM);
            assertThat(b.mbps()).isPositive();
            assertThat(b.durationNanos()).isBetween(Duration.ofMillis(900).toNanos(), Duration.ofMillis(1500).toNanos());
        }
    }
}
