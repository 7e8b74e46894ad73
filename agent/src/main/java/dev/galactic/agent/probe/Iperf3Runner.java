package dev.galactic.agent.probe;

import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.Sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iperf3 -c HOST -p PORT -J -t SECONDS} and reads the result. The process is killed
 * when it outlives the run by more than the grace period (an unreachable server makes iperf3 wait
 * for its connect timeout). The {@link dev.galactic.core.telemetry.IperfSchedule} keeps runs on a
 * link, and by default on a node, from overlapping.
 */
public final class Iperf3Runner {

    private final String iperf3;
    private final Duration grace;

    public Iperf3Runner() {
        this("iperf3", Duration.ofSeconds(10));
    }

    public Iperf3Runner(String iperf3Command, Duration grace) {
        this.iperf3 = iperf3Command;
        this.grace = grace;
    }

    public static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "iperf3");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Blocks for about {@code duration}; call from a virtual thread.
     *
     * @param udpRateMbps null for a TCP run; otherwise a UDP run at this offered rate
     */
    public Sample.Bandwidth run(LinkId link, String host, int port, Duration duration, Double udpRateMbps,
                                WallClock clock) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(iperf3, "-c", host, "-p", Integer.toString(port), "-J",
                "-t", Long.toString(Math.max(1, duration.toSeconds())), "--connect-timeout", "3000"));
        if (udpRateMbps != null) {
            cmd.addAll(List.of("-u", "-b", Math.round(udpRateMbps) + "M"));
        }
        long start = clock.epochNanos();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
        try {
            if (!p.waitFor(duration.plus(grace).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Iperf3Result.Iperf3Exception("iperf3 to " + host + ":" + port + " did not finish in "
                        + duration.plus(grace).toSeconds() + " s");
            }
            reader.join(2_000);
        } finally {
            p.destroyForcibly();
            p.waitFor(2, TimeUnit.SECONDS);
        }
        return Iperf3Result.parse(out.toString(StandardCharsets.UTF_8), link, start);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process was killed; the caller reports the failure
        }
    }

    /** An {@code iperf3 -s} for incoming runs; each agent keeps one. */
    public static final class Server implements AutoCloseable {
        private final Process process;

        private Server(Process process) {
            this.process = process;
        }

        public static Server start(String iperf3Command, String bindAddress, int port) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(iperf3Command, "-s", "-p", Integer.toString(port)));
            if (bindAddress != null) {
                cmd.addAll(List.of("-B", bindAddress));
            }
            return new Server(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }

        public boolean alive() { return process.isAlive(); }

        public long pid() { return process.pid(); }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }
    }
}
