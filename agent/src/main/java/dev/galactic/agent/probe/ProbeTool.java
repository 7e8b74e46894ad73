package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.Sample;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-alone reflector and UDP prober, for running one end inside a network namespace
 * ({@code ip netns exec NS java -cp ... dev.galactic.agent.probe.ProbeTool ...}) in lab tests
 * and by hand:
 * <pre>
 *   reflect BIND_ADDRESS PORT                              prints "ready PORT", runs until killed
 *   udp TARGET_ADDRESS PORT COUNT INTERVAL_MS TIMEOUT_MS   prints one line of results and exits
 * </pre>
 */
public final class ProbeTool {

    private ProbeTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("reflect")) {
            try (UdpReflector r = UdpReflector.start(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])))) {
                System.out.println("ready " + r.localAddress().getPort());
                System.out.flush();
                new CountDownLatch(1).await();
            }
        } else if (args.length == 6 && args[0].equals("udp")) {
            udp(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]));
        } else {
            System.err.println("usage: ProbeTool reflect BIND PORT | udp TARGET PORT COUNT INTERVAL_MS TIMEOUT_MS");
            System.exit(2);
        }
    }

    private static void udp(String host, int port, int count, long intervalMs, long timeoutMs) throws Exception {
        AtomicLong rttSum = new AtomicLong();
        try (UdpProber p = new UdpProber("tool", "target", new InetSocketAddress(InetAddress.getByName(host), port),
                Duration.ofMillis(timeoutMs), WallClock.SYSTEM, s -> {
                    if (s instanceof Sample.Echo e && !e.lost()) rttSum.addAndGet(e.rttNanos());
                })) {
            for (int i = 0; i < count; i++) {
                p.probe();
                Thread.sleep(intervalMs);
            }
            long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs * 2 + 100).toNanos();
            while (p.outstanding() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                p.expire();
            }
            UdpProbeStats st = p.stats();
            System.out.printf(Locale.ROOT, "sent=%d answered=%d lost=%d loss_percent=%.3f mean_rtt_us=%.1f jitter_us=%.1f%n",
                    st.sent(), st.answered(), st.timedOut(), st.lossPercent(),
                    st.answered() == 0 ? 0 : rttSum.get() / 1e3 / st.answered(), st.jitterNanos() / 1e3);
        }
    }
}
