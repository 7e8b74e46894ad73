package dev.galactic.agent.probe;

import com.sun.net.httpserver.HttpServer;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** TCP connect and HTTP probes against listeners this test opens on loopback. */
@Timeout(30)
class RequestProbersTest {

    static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void tcpConnectToAListenerIsAnsweredAndToAClosedPortIsLost() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, LO)) {
            TcpConnectProber p = new TcpConnectProber("a", "b", new InetSocketAddress(LO, s.getLocalPort()),
                    Duration.ofSeconds(2), WallClock.SYSTEM);
            Sample.Echo first = p.probe(), second = p.probe();
            assertThat(first.lost()).isFalse();
            assertThat(first.type()).isEqualTo(ProbeType.TCP);
            assertThat(first.rttNanos()).isPositive().isLessThan(Duration.ofSeconds(2).toNanos());
            assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
            closedPort = s.getLocalPort();
        }
        TcpConnectProber p = new TcpConnectProber("a", "b", new InetSocketAddress(LO, closedPort), Duration.ofSeconds(2),
                WallClock.SYSTEM);
        assertThat(p.probe().lost()).isTrue();
    }

    @Test
    void httpProbeTimesTheRequestAndTreatsServerErrorsAsLoss() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LO, 0), 10);
        server.createContext("/slow", ex -> {
            try (ex) {
                Thread.sleep(40);
                ex.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/broken", ex -> { try (ex) { ex.sendResponseHeaders(503, -1); } });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Sample.Echo slow = new HttpProber("a", "b", URI.create(base + "/slow"), Duration.ofSeconds(5), WallClock.SYSTEM).probe();
            assertThat(slow.lost()).isFalse();
            assertThat(slow.type()).isEqualTo(ProbeType.HTTP);
            assertThat(slow.rttNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(40).toNanos());
            assertThat(new HttpProber("a", "b", URI.create(base + "/broken"), Duration.ofSeconds(5), WallClock.SYSTEM)
                    .probe().lost()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theAgentsOwnResponderAnswersHttpAndTcpProbes() throws Exception {
        try (HttpProbeResponder r = HttpProbeResponder.start(new InetSocketAddress(LO, 0), "/probe")) {
            int port = r.localAddress().getPort();
            assertThat(new HttpProber("a", "b", URI.create("http://127.0.0.1:" + port + "/probe"), Duration.ofSeconds(5),
                    WallClock.SYSTEM).probe().lost()).isFalse();
            assertThat(new TcpConnectProber("a", "b", new InetSocketAddress(LO, port), Duration.ofSeconds(2), WallClock.SYSTEM)
                    .probe().lost()).isFalse();
        }
    }
}
