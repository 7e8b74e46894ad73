package dev.galactic.lab.emu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-way stream of numbered UDP datagrams from one namespace to another, at a steady rate:
 * tenant traffic whose every packet is accounted for. Both sockets are opened inside their
 * namespaces and driven from this process, so the sender's and receiver's clocks are one.
 * Each datagram carries its sequence number; the receiver notes which arrived.
 */
public final class UdpStream implements AutoCloseable {

    private static final int PAYLOAD = 64;

    private final DatagramChannel tx;
    private final DatagramChannel rx;
    private final long intervalNanos;
    private final BitSet received = new BitSet();
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean sending = true;
    private volatile boolean closed;
    private volatile long sent;

    private UdpStream(DatagramChannel tx, DatagramChannel rx, int perSecond) {
        this.tx = tx;
        this.rx = rx;
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.receiver = Thread.ofPlatform().daemon().name("udp-stream-rx").start(this::receive);
        this.sender = Thread.ofPlatform().daemon().name("udp-stream-tx").start(this::send);
    }

    /**
     * Starts sending {@code perSecond} datagrams a second from {@code from} (an address of
     * namespace {@code fromNs}) to {@code to} (an address of {@code toNs}).
     */
    public static UdpStream start(String fromNs, InetSocketAddress from, String toNs, InetSocketAddress to, int perSecond) throws IOException {
        if (perSecond < 1 || perSecond > 100_000) throw new IllegalArgumentException("rate must be 1..100000 per second: " + perSecond);
        DatagramChannel rx = InNamespace.call(toNs, "stream-rx", (arena, err) -> DatagramChannel.open().bind(to));
        DatagramChannel tx;
        try {
            tx = InNamespace.call(fromNs, "stream-tx", (arena, err) -> {
                DatagramChannel c = DatagramChannel.open().bind(from);
                c.connect(rx.getLocalAddress());
                return c;
            });
        } catch (IOException | RuntimeException e) {
            rx.close();
            throw e;
        }
        return new UdpStream(tx, rx, perSecond);
    }

    private void send() {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD);
        long next = System.nanoTime();
        long seq = 0;
        while (sending) {
            b.clear();
            b.putLong(seq).putLong(System.nanoTime());
            b.position(PAYLOAD).flip();
            try {
                tx.write(b);
            } catch (IOException e) {
                // no route (yet) or a full queue: the datagram is lost, which is what is measured
                if (e instanceof ClosedChannelException) return;
            }
            seq++;
            sent = seq;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
    }

    private void receive() {
        ByteBuffer b = ByteBuffer.allocate(PAYLOAD + 1);
        while (!closed) {
            try {
                b.clear();
                rx.receive(b);
                b.flip();
                if (b.remaining() < 8) continue;
                long seq = b.getLong();
                if (seq >= 0 && seq < Integer.MAX_VALUE) {
                    synchronized (received) {
                        received.set((int) seq);
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Stops sending, waits {@code drainMillis} for datagrams in flight, and counts. */
    public Report stop(long drainMillis) throws InterruptedException {
        sending = false;
        sender.join(2_000);
        Thread.sleep(drainMillis);
        long n = sent;
        synchronized (received) {
            int got = received.get(0, (int) Math.min(n, Integer.MAX_VALUE)).cardinality();
            return new Report(n, got);
        }
    }

    /** Datagrams sent so far. */
    public long sent() { return sent; }

    /** @param received datagrams that arrived, each counted once */
    public record Report(long sent, long received) {
        public long lost() { return sent - received; }
    }

    @Override
    public void close() {
        sending = false;
        closed = true;
        try {
            tx.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            rx.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
