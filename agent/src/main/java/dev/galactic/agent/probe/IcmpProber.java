package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * ICMP echo through the system {@code ping} (iputils-ping), because the JDK cannot send ICMP:
 * {@code InetAddress.isReachable} falls back to a TCP connect to port 7 without CAP_NET_RAW, so
 * it would not measure ICMP at all. Each round runs
 * {@code ping -n -c COUNT -i INTERVAL -W TIMEOUT ADDRESS}, streams reply lines as they come and
 * reports the sequence numbers that got no reply as lost when the round ends. The process is
 * bounded by {@code count * interval + timeout + 2 s} and killed after that.
 *
 * <p>iputils needs no root for intervals of 0.2 s and more.
 */
public final class IcmpProber {

    private final LinkId link;
    private final String address;
    private final Duration interval;
    private final Duration timeout;
    private final WallClock clock;
    private final String pingCommand;
    private long sequenceBase;
    private volatile Process current;

    public IcmpProber(String agentId, String targetNode, String address, Duration interval, Duration timeout,
                      WallClock clock) {
        this(agentId, targetNode, address, interval, timeout, clock, "ping");
    }

    IcmpProber(String agentId, String targetNode, String address, Duration interval, Duration timeout,
               WallClock clock, String pingCommand) {
        this.link = LinkId.of(agentId, targetNode);
        this.address = address;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        this.pingCommand = pingCommand;
    }

    /** Where the system ping is, if anywhere on PATH. */
    public static java.util.Optional<Path> findPing() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "ping");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Runs one round of {@code count} echoes, blocking; call from a virtual thread. Sample
     * sequence numbers continue across rounds.
     */
    public void round(int count, Consumer<Sample> sink) throws IOException, InterruptedException {
        List<String> cmd = List.of(pingCommand, "-n", "-c", Integer.toString(count),
                "-i", String.format(Locale.ROOT, "%.3f", interval.toNanos() / 1e9),
                "-W", Long.toString(Math.max(1, timeout.toSeconds())), address);
        long roundStartEpoch = clock.epochNanos();
        long base;
        synchronized (this) {
            base = sequenceBase;
            sequenceBase += count;
        }
        boolean[] answered = new boolean[count];
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        current = p;
        long deadlineMillis = interval.toMillis() * count + timeout.toMillis() + 2_000;
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(deadlineMillis, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                PingOutput.parseLine(line).ifPresent(reply -> {
                    long i = reply.index();
                    if (i >= 0 && i < count && !answered[(int) i]) {
                        answered[(int) i] = true;
                        sink.accept(Sample.Echo.reply(link, ProbeType.ICMP, base + i,
                                roundStartEpoch + i * interval.toNanos(), reply.rttNanos()));
                    }
                });
            }
        } finally {
            p.destroy();
            killer.interrupt();
            p.waitFor(2, TimeUnit.SECONDS);
        }
        List<Sample> lost = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!answered[(int) i]) {
                lost.add(Sample.Echo.lost(link, ProbeType.ICMP, base + i, roundStartEpoch + i * interval.toNanos()));
            }
        }
        lost.forEach(sink);
    }

    /** Kills a running round; its unanswered probes are then reported lost. */
    public void stop() {
        Process p = current;
        if (p != null) {
            p.destroyForcibly();
        }
    }
}
