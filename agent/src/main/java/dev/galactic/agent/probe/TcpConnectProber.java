package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Times a TCP handshake: connect() returns after SYN / SYN-ACK, so the figure is one round trip
 * plus the kernels' work. A refused or timed-out connection is a lost probe: for a node that
 * should be listening, both mean the path or the service is not usable.
 */
public final class TcpConnectProber {

    private final LinkId link;
    private final InetSocketAddress target;
    private final int timeoutMillis;
    private final WallClock clock;
    private long nextSequence;

    public TcpConnectProber(String agentId, String targetNode, InetSocketAddress target, Duration timeout, WallClock clock) {
        this.link = LinkId.of(agentId, targetNode);
        this.target = target;
        this.timeoutMillis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        this.clock = clock;
    }

    /** Blocks for at most the timeout; call from a virtual thread. */
    public Sample.Echo probe() {
        long seq;
        synchronized (this) {
            seq = nextSequence++;
        }
        long epoch = clock.epochNanos();
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // reset instead of TIME_WAIT: probes every few seconds would pile them up
            long start = System.nanoTime();
            s.connect(target, timeoutMillis);
            return Sample.Echo.reply(link, ProbeType.TCP, seq, epoch, System.nanoTime() - start);
        } catch (IOException e) {
            return Sample.Echo.lost(link, ProbeType.TCP, seq, epoch);
        }
    }
}
