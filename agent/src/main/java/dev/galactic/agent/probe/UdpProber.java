package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.JitterEstimator;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SequenceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Probes one target's reflector: each {@link #probe()} sends the next sequence number; a receive
 * thread matches replies to outstanding probes and emits an answered sample. A probe is lost when
 * one sent at least 20 ms later is answered first (the reflector answers in order and a path that
 * reorders probes that far apart is rare: this finds a loss one interval after it, not a timeout
 * after), or
 * when it has no reply after the timeout and the receive thread has read everything that came in
 * since (a stalled thread is not loss), emitted on a later {@link #probe()} (or {@link #expire()}).
 * The timeout is the configured one (a second by default): a reply held up by a busy machine is
 * late, not lost, and a zero-loss class must not lose its paths to such noise. A dead target is
 * seen sooner by {@link #silent}, whose wait follows the path: four smoothed RTTs, at least
 * {@link #MIN_SILENCE_NANOS}, at most the timeout.
 * A reply after its probe was reported lost is counted as late and otherwise ignored, so each
 * sequence number yields exactly one sample.
 *
 * <p>The receive loop runs on a platform thread, not a virtual one: a virtual thread is woken
 * through the carrier pool, and the time it waits there would be measured as RTT and jitter.
 */
public final class UdpProber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpProber.class);

    private final String agentId;
    private final LinkId link;
    private final InetSocketAddress target;
    /** Below this a loaded machine's scheduling delays would look like silence. */
    static final long MIN_SILENCE_NANOS = 250_000_000L;
    /** How long the receive thread waits before it notes that its queue is empty. */
    static final long DRAIN_NANOS = 20_000_000L;
    /**
     * When the receive thread last found no reply waiting (monotonic nanos): a probe is only timed
     * out once the queue was empty after its deadline, so a thread that was not scheduled for a
     * while (a loaded machine, a GC pause) reads the replies that did come before anything is
     * called lost.
     */
    private volatile long drainedAt = System.nanoTime();
    /** A probe answered after a later one sent at least this much later was lost, not overtaken. */
    static final long REORDER_NANOS = 20_000_000L;
    private final long timeoutNanos;
    /** Smoothed RTT (RFC 6298 gain 1/8), 0 before the first reply. */
    private volatile long srttNanos;
    private final WallClock clock;
    private final Consumer<Sample> sink;
    private final DatagramChannel channel;
    private final Map<Long, Pending> outstanding = new ConcurrentHashMap<>();
    private final ByteBuffer out = ByteBuffer.allocate(ProbePacket.MAX_BYTES);
    private final SequenceTracker sequences = new SequenceTracker();
    private final JitterEstimator jitter = new JitterEstimator();
    private final Thread receiver;
    private long nextSequence;
    /** Send time of the oldest probe sent since the last reply, 0 when every probe since was answered. */
    private long unansweredSince;
    private int sentSinceReply;
    private int repliesInARow;
    /** The newest outcomes, one bit each (1: lost), newest in bit 0. */
    private int outcomes;
    private int outcomeCount;
    private long sent, answered, timedOut, late;
    private volatile boolean closed;

    private record Pending(long sentMonotonic, long sentEpoch) {
    }

    public UdpProber(String agentId, String targetNode, InetSocketAddress target, Duration timeout, WallClock clock,
                     Consumer<Sample> sink) throws IOException {
        this.agentId = agentId;
        this.link = LinkId.of(agentId, targetNode);
        this.target = target;
        this.timeoutNanos = timeout.toNanos();
        this.clock = clock;
        this.sink = sink;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(target.getAddress().isLoopbackAddress() ? target.getAddress() : null, 0));
        this.receiver = Thread.ofPlatform().daemon().name("galactic-udp-prober-" + targetNode).start(this::receive);
    }

    public LinkId link() { return link; }

    /** Sends the next probe and reports the ones that timed out. */
    public void probe() {
        expire();
        long seq;
        synchronized (this) {
            seq = nextSequence++;
            sent++;
        }
        long epoch = clock.epochNanos();
        long mono = System.nanoTime();
        synchronized (this) {
            if (sentSinceReply++ == 0) unansweredSince = mono;
        }
        outstanding.put(seq, new Pending(mono, epoch));
        synchronized (out) {
            out.clear();
            ProbePacket.request(agentId, seq, mono).encode(out);
            out.flip();
            try {
                channel.send(out, target);
            } catch (IOException e) {
                // an unreachable network is loss, reported when the probe times out
                log.debug("probe {} to {} not sent: {}", seq, target, e.toString());
            }
        }
    }

    /** Reports probes unanswered for longer than the timeout as lost. */
    public void expire() {
        long drained = drainedAt;
        long timeout = timeoutNanos;
        for (Iterator<Map.Entry<Long, Pending>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            if (drained - e.getValue().sentMonotonic() > timeout) lost(e.getKey());
        }
    }

    /** How long unanswered probes make the target silent: four smoothed RTTs within [MIN_SILENCE_NANOS, the timeout]. */
    public long silenceNanos() {
        long srtt = srttNanos;
        return srtt == 0 ? timeoutNanos : Math.min(timeoutNanos, Math.max(MIN_SILENCE_NANOS, 4 * srtt));
    }

    /** Reports an outstanding probe lost, once, whichever thread sees it first. */
    private void lost(long sequence) {
        Pending p = outstanding.remove(sequence);
        if (p == null) return;
        synchronized (this) {
            timedOut++;
            repliesInARow = 0;
            outcome(true);
        }
        sink.accept(Sample.Echo.lost(link, ProbeType.UDP, sequence, p.sentEpoch()));
    }

    /**
     * Whether the target has gone quiet: at least two probes sent since the last reply and the
     * first of them unanswered for longer than {@link #silenceNanos} (by the receive thread's
     * account: it has found its queue empty since). A dead path is seen this way
     * a few round trips after it died, without waiting for each probe's timeout.
     */
    public synchronized boolean silent(long nowNanos) {
        return sentSinceReply >= 2 && Math.min(nowNanos, drainedAt) - unansweredSince > silenceNanos();
    }

    private void outcome(boolean lost) {
        outcomes = (outcomes << 1) | (lost ? 1 : 0);
        outcomeCount = Math.min(32, outcomeCount + 1);
    }

    /**
     * Whether the target is losing most probes without going silent: at least {@code lost} of the
     * newest {@code of} probes reported lost (a loss burst, as bad as silence for the traffic).
     */
    public synchronized boolean lossBurst(int lost, int of) {
        if (outcomeCount < of) return false;
        return Integer.bitCount(outcomes & ((1 << of) - 1)) >= lost;
    }

    /** Replies since the last probe reported lost. */
    public synchronized int repliesInARow() { return repliesInARow; }

    /** Probes sent and not yet answered or reported lost. */
    public int outstanding() { return outstanding.size(); }

    public synchronized UdpProbeStats stats() {
        return new UdpProbeStats(sent, answered, timedOut, late, sequences.duplicates(), sequences.reordered(),
                jitter.jitterNanos());
    }

    private void receive() {
        byte[] buf = new byte[ProbePacket.MAX_BYTES + 1];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(buf, buf.length);
        java.net.DatagramSocket socket = channel.socket();
        try {
            socket.setSoTimeout((int) (DRAIN_NANOS / 1_000_000));
        } catch (IOException e) {
            log.warn("UDP prober for {}: no receive timeout ({}); timeouts will wait for replies", link, e.toString());
        }
        while (!closed) {
            try {
                long waitFrom = System.nanoTime();
                try {
                    packet.setLength(buf.length);
                    socket.receive(packet);
                } catch (java.net.SocketTimeoutException quiet) {
                    // nothing arrived since waitFrom: every reply sent before then has been read
                    drainedAt = waitFrom;
                    continue;
                }
                long now = System.nanoTime();
                ProbePacket p = ProbePacket.decode(ByteBuffer.wrap(buf, 0, packet.getLength()));
                if (p == null || p.kind() != ProbePacket.Kind.REPLY || !p.senderId().equals(agentId)) {
                    continue;
                }
                Pending pending = outstanding.remove(p.sequence());
                if (pending != null) {
                    // earlier probes still unanswered were lost: their replies would have come first
                    // (probes sent within REORDER_NANOS of this one may just be overtaken)
                    for (Map.Entry<Long, Pending> e : outstanding.entrySet()) {
                        if (e.getKey() < p.sequence() && pending.sentMonotonic() - e.getValue().sentMonotonic() >= REORDER_NANOS) {
                            lost(e.getKey());
                        }
                    }
                }
                // our own send time, not the echoed one: a forged reply cannot fake an RTT
                long rtt = pending == null ? 0 : now - pending.sentMonotonic();
                synchronized (this) {
                    sequences.receive(p.sequence());
                    if (pending == null) {
                        late++;
                        continue;
                    }
                    answered++;
                    sentSinceReply = 0;
                    unansweredSince = 0;
                    repliesInARow++;
                    outcome(false);
                    jitter.update(rtt);
                    srttNanos = srttNanos == 0 ? rtt : srttNanos + (rtt - srttNanos) / 8;
                }
                sink.accept(Sample.Echo.reply(link, ProbeType.UDP, p.sequence(), pending.sentEpoch(), rtt));
            } catch (IOException | RuntimeException e) {
                if (closed || !channel.isOpen()) return;
                if (!closed) {
                    log.warn("UDP prober for {} failed to receive: {}", link, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
            receiver.join(2_000);
        } catch (IOException e) {
            log.debug("closing prober: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
