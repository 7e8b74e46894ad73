package dev.galactic.agent.probe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers UDP probe requests (see {@link ProbePacket}); every agent runs one. One receive thread;
 * held replies (a {@link ReflectorPolicy} delay) go out from a small scheduler so a held reply
 * does not hold the ones behind it.
 */
public final class UdpReflector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpReflector.class);

    private final DatagramChannel channel;
    private final ReflectorPolicy policy;
    private final WallClock clock;
    private final Thread receiver;
    private final ScheduledExecutorService delayed;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean closed;

    private UdpReflector(DatagramChannel channel, ReflectorPolicy policy, WallClock clock) {
        this.channel = channel;
        this.policy = policy;
        this.clock = clock;
        this.delayed = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("galactic-reflector-hold").factory());
        this.receiver = Thread.ofPlatform().daemon().name("galactic-reflector").start(this::run);
    }

    public static UdpReflector start(InetSocketAddress bind) throws IOException {
        return start(bind, ReflectorPolicy.ANSWER_ALL, WallClock.SYSTEM);
    }

    public static UdpReflector start(InetSocketAddress bind, ReflectorPolicy policy, WallClock clock) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(bind);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new UdpReflector(ch, policy, clock);
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("reflector closed", e);
        }
    }

    public long answered() { return answered.get(); }

    public long dropped() { return dropped.get(); }

    public long malformed() { return malformed.get(); }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(ProbePacket.MAX_BYTES + 1);
        while (!closed) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                long rx = clock.epochNanos();
                in.flip();
                ProbePacket p = ProbePacket.decode(in);
                if (p == null || p.kind() != ProbePacket.Kind.REQUEST) {
                    malformed.incrementAndGet();
                    continue;
                }
                long hold = policy.holdNanos(p);
                if (hold == ReflectorPolicy.DROP) {
                    dropped.incrementAndGet();
                } else if (hold == 0) {
                    answer(p, rx, from);
                } else {
                    delayed.schedule(() -> answer(p, rx, from), hold, TimeUnit.NANOSECONDS);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("reflector receive failed: {}", e.toString());
                }
            }
        }
    }

    private void answer(ProbePacket request, long rx, SocketAddress to) {
        ByteBuffer out = ByteBuffer.allocate(ProbePacket.MAX_BYTES);
        request.reply(rx, clock.epochNanos()).encode(out);
        out.flip();
        try {
            channel.send(out, to);
            answered.incrementAndGet();
        } catch (IOException e) {
            if (!closed) {
                log.debug("reflector reply to {} failed: {}", to, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        delayed.shutdownNow();
        try {
            channel.close();
            receiver.join(2_000);
        } catch (IOException e) {
            log.debug("closing reflector: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
