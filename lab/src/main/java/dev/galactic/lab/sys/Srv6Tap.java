package dev.galactic.lab.sys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches one namespace for SRv6 packets (IPv6 with a routing header) arriving on any of its
 * interfaces, with the kernel's capture timestamps: tcpdump, one line per packet. Tells when
 * tenant traffic first crossed a node after some instant, which is how the lab sees a path move.
 */
public final class Srv6Tap implements AutoCloseable {

    private final String netns;
    private final Process process;
    private final ConcurrentSkipListSet<Long> seen = new ConcurrentSkipListSet<>();
    private final Thread reader;

    private Srv6Tap(String netns, Process process, CountDownLatch listening) {
        this.netns = netns;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("srv6-tap-" + netns).start(this::read);
        Thread.ofPlatform().daemon().name("srv6-tap-err-" + netns).start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = err.readLine()) != null; ) if (l.contains("listening on")) listening.countDown();
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Starts capturing; returns once tcpdump listens (at most 10 s). */
    public static Srv6Tap start(String netns) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "tcpdump", "-i", "any", "-Q", "in", "-n", "-l", "-tt", "-q",
                "ip6 and ip6[6] == 43").start();
        CountDownLatch listening = new CountDownLatch(1);
        Srv6Tap tap = new Srv6Tap(netns, p, listening);
        try {
            if (!listening.await(10, TimeUnit.SECONDS)) {
                tap.close();
                throw new IOException("tcpdump in " + netns + " did not start listening within 10 s");
            }
        } catch (InterruptedException e) {
            tap.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return tap;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                int sp = l.indexOf(' ');
                if (sp <= 0) continue;
                try {
                    // "1764071234.567890 ..." -> epoch nanos
                    String[] t = l.substring(0, sp).split("\\.");
                    long nanos = Long.parseLong(t[0]) * 1_000_000_000L + (t.length > 1 ? Long.parseLong((t[1] + "000000000").substring(0, 9)) : 0);
                    seen.add(nanos);
                    if (seen.size() > 1_000_000) seen.pollFirst();
                } catch (NumberFormatException ignored) {
                    // not a packet line
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The first SRv6 packet seen at or after {@code epochNanos}, or null. */
    public Long firstAtOrAfter(long epochNanos) {
        return seen.ceiling(epochNanos);
    }

    /** The last SRv6 packet seen before {@code epochNanos}, or null. */
    public Long lastBefore(long epochNanos) {
        return seen.lower(epochNanos);
    }

    public String netns() { return netns; }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
