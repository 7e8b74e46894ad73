package dev.galactic.lab.emu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An emulated Ethernet wire between two network namespaces: a TAP device on each side and two
 * {@link FramePump}s copying frames between them with delay, jitter and loss. It replaces a
 * veth pair, so everything (ND, ARP, SRv6, WireGuard UDP) crosses it. The TAP devices exist
 * exactly as long as the emulator: {@link #close()} or the death of the process removes them.
 * The same machinery also runs as a UDP relay ({@link #udpRelay}).
 */
public final class LinkEmulator implements AutoCloseable {

    private final String name;
    private final Port a;
    private final Port b;
    private final Arena arena = Arena.ofShared();
    private final FramePump aToB;
    private final FramePump bToA;
    private final Thread aToBThread;
    private final Thread bToAThread;
    private boolean closed;

    private LinkEmulator(String name, Port a, Port b, Impairment initial) {
        this.name = name;
        this.a = a;
        this.b = b;
        long seed = ThreadLocalRandom.current().nextLong();
        this.aToB = new FramePump(name + " a>b", a, b, initial, arena, seed);
        this.bToA = new FramePump(name + " b>a", b, a, initial, arena, ~seed);
        this.aToBThread = Thread.ofPlatform().daemon().name("linkemu " + name + " a>b").start(aToB);
        this.bToAThread = Thread.ofPlatform().daemon().name("linkemu " + name + " b>a").start(bToA);
    }

    /**
     * Creates the two TAP devices (down, without addresses: the caller configures them with ip)
     * and starts copying frames.
     */
    public static LinkEmulator start(String name, Endpoint a, Endpoint b, Impairment initial) throws IOException {
        Tap ta = Tap.create(a.netns(), a.ifname());
        Tap tb;
        try {
            tb = Tap.create(b.netns(), b.ifname());
        } catch (IOException | RuntimeException e) {
            ta.close();
            throw e;
        }
        return new LinkEmulator(name, ta, tb, initial);
    }

    /**
     * A UDP relay instead of a wire: listens on {@code listen} inside {@code netns}, forwards
     * every datagram to {@code target} and the answers back to the most recent sender, with the
     * same impairments. Put it in front of a WireGuard endpoint (the peer's endpoint points at
     * the relay; the other side keeps no endpoint and roams to the relay's address). Direction
     * a to b is client to target.
     */
    public static LinkEmulator udpRelay(String name, String netns, InetSocketAddress listen, InetSocketAddress target,
                                        Impairment initial) throws IOException {
        Port client = UdpPorts.listening(netns, listen);
        Port upstream;
        try {
            upstream = UdpPorts.connected(netns, target);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return new LinkEmulator(name, client, upstream, initial);
    }

    /** Wall-clock epoch nanos of the last {@link #impair} call, 0 before any. */
    private volatile long impairedAt;

    public String name() { return name; }

    /** Applies {@code i} to both directions from the next frame on. */
    public void impair(Impairment i) {
        impair(i, i);
    }

    /** Applies different impairments per direction (a to b, b to a). */
    public void impair(Impairment towardsB, Impairment towardsA) {
        aToB.impair(towardsB);
        bToA.impair(towardsA);
        java.time.Instant now = java.time.Instant.now();
        impairedAt = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public LinkStats stats() {
        return new LinkStats(name, aToB.impairment(), bToA.impairment(), aToB.stats(), bToA.stats(), impairedAt);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        aToB.stop();
        bToA.stop();
        // pumps poll with a 100 ms timeout, so they notice within that time
        join(aToBThread);
        join(bToAThread);
        a.close();
        b.close();
        if (!aToBThread.isAlive() && !bToAThread.isAlive()) arena.close(); // else leak rather than crash
    }

    private static void join(Thread t) {
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() { return name + " (" + a + " <-> " + b + ")"; }
}
