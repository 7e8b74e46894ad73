package dev.galactic.bench;

import dev.galactic.controller.Controller;
import dev.galactic.controller.ControllerConfig;
import dev.galactic.core.agent.AgentMessage;
import dev.galactic.core.agent.AgentProtocol;
import dev.galactic.core.agent.SampleFrames;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.ChangePlanner;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.NodeSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.telemetry.EpochNanos;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.ProbeType;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Telemetry ingest end to end on loopback: a controller in this JVM, one WebSocket per node
 * agent, batches of samples as the agents send them, and the controller's acknowledgements
 * counted. Run once with JSON {@code samples} messages (what agents that predate sample frames
 * send) and once with binary {@link SampleFrames} (what agents send when the controller's welcome
 * names a frame version), each against a fresh controller. The client side reuses pre-encoded
 * batches (only the batch sequence changes), so the figure is the controller's: decoding,
 * validation, aggregation.
 */
public final class LoopbackIngestBench {

    public enum Encoding { JSON, BINARY }

    /** @param window batches a connection may have unacknowledged */
    public record Options(int nodes, int batchSize, int seconds, int window, List<Encoding> encodings) {
        public static final Options DEFAULTS = new Options(45, 1000, 10, 4, List.of(Encoding.JSON, Encoding.BINARY));
    }

    private LoopbackIngestBench() {
    }

    public static void run(PrintStream out, Options o) {
        out.printf(Locale.ROOT, "loopback ingest: %d agents over WebSocket, batches of %d samples, %d s per encoding after 3 s warm-up%n",
                o.nodes(), o.batchSize(), o.seconds());
        for (Encoding e : o.encodings()) run(out, o, e);
    }

    private static void run(PrintStream out, Options o, Encoding encoding) {
        Path dir;
        try {
            dir = Files.createTempDirectory("galactic-bench-ingest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Controller c = Controller.start(ControllerConfig.embedded(dir, 0), List.of())) {
            List<ChangePlanner.Op> ops = new ArrayList<>();
            for (int i = 0; i < o.nodes(); i++) {
                ops.add(new ChangePlanner.Op.Put(i, Resource.of(Kind.NODE, ObjectMeta.of("n" + i, null),
                        new NodeSpec(NodeSpec.NodeRole.CORE, new NodeSpec.Location(10.0 + i * 0.1, 10.0, "DE", null), List.of(), null))));
            }
            c.resources().apply(ops, Caller.OPERATOR, "bench", false);
            HttpClient http = HttpClient.newHttpClient();
            AtomicLong acked = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            List<Sender> senders = new ArrayList<>();
            long now = EpochNanos.of(Instant.now());
            long bytesPerBatch = 0;
            for (int i = 0; i < o.nodes(); i++) {
                String node = "n" + i;
                String token = c.tokens().createForNode(node, "bench", Instant.now()).secret();
                Sender s = new Sender(http, URI.create(c.url().replace("http", "ws") + AgentProtocol.PATH), token, node,
                        samples(node, o, now), encoding, o.window(), acked, rejected);
                bytesPerBatch = s.bytesPerBatch();
                senders.add(s);
            }
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            senders.forEach(s -> Thread.ofPlatform().daemon().start(() -> s.pump(warmupEnd + TimeUnit.SECONDS.toNanos(o.seconds()))));
            while (System.nanoTime() < warmupEnd) Thread.sleep(50);
            long startAcked = acked.get();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.seconds()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            long samples = acked.get() - startAcked;
            out.printf(Locale.ROOT, "through the agent connection, %-6s %,14.0f samples/s accepted (%,d refused; %,d bytes per batch of %d)%n",
                    encoding.name().toLowerCase(Locale.ROOT) + ":", samples / seconds, rejected.get(), bytesPerBatch, o.batchSize());
            // on a shared machine the rate follows what the scheduler gives this JVM; per CPU second it does not
            out.printf(Locale.ROOT, "    this JVM (controller and bench clients) used %.2f of %d cores: %,.0f samples per CPU second%n",
                    cpuSeconds / seconds, Runtime.getRuntime().availableProcessors(), samples / cpuSeconds);
            senders.forEach(Sender::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            // the throw-away controller's database: nothing in it is worth keeping
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                out.println("    (could not remove " + dir + ": " + e.getMessage() + ")");
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One batch's samples from {@code node} to every other node. */
    private static List<Sample> samples(String node, Options o, long now) {
        List<Sample> samples = new ArrayList<>(o.batchSize());
        for (int k = 0; k < o.batchSize(); k++) {
            int peer = k % o.nodes();
            if (("n" + peer).equals(node)) peer = (peer + 1) % o.nodes();
            samples.add(Sample.Echo.reply(LinkId.of(node, "n" + peer), ProbeType.UDP, k, now, 2_000_000 + (k % 97) * 1000L));
        }
        return samples;
    }

    /**
     * One agent's connection: sends the same samples, encoded once, under growing batch sequences,
     * at most {@code window} unacknowledged.
     */
    private static final class Sender implements WebSocket.Listener {
        private final WebSocket ws;
        private final String node;
        private final Encoding encoding;
        private final String json;
        private final byte[] frame;
        private final Semaphore window;
        private final AtomicLong acked, rejected;
        private final int batchSize;
        private final StringBuilder partial = new StringBuilder();
        private long sequence = 1;

        Sender(HttpClient http, URI uri, String token, String node, List<Sample> samples, Encoding encoding, int window,
               AtomicLong acked, AtomicLong rejected) throws Exception {
            this.node = node;
            this.encoding = encoding;
            // the element type must be named, or the samples lose their "kind"
            this.json = AgentProtocol.json().writerFor(new com.fasterxml.jackson.core.type.TypeReference<List<Sample>>() { })
                    .writeValueAsString(samples);
            this.frame = SampleFrames.encode(new SampleBatch(node, 0, samples));
            this.window = new Semaphore(window);
            this.acked = acked;
            this.rejected = rejected;
            this.batchSize = samples.size();
            this.ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(uri, this).get(10, TimeUnit.SECONDS);
        }

        long bytesPerBatch() {
            return encoding == Encoding.BINARY ? frame.length : message(1).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }

        private String message(long seq) {
            return "{\"type\":\"samples\",\"batch\":{\"agentId\":\"" + node + "\",\"sequence\":" + seq + ",\"samples\":" + json + "}}";
        }

        void pump(long until) {
            try {
                while (System.nanoTime() < until) {
                    if (!window.tryAcquire(1, TimeUnit.SECONDS)) continue;
                    long seq = sequence++;
                    if (encoding == Encoding.BINARY) {
                        // the previous send has completed (we waited for it), so the bytes may change
                        ByteBuffer.wrap(frame).putLong(SampleFrames.SEQUENCE_OFFSET, seq);
                        ws.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
                    } else {
                        ws.sendText(message(seq), true).get(10, TimeUnit.SECONDS);
                    }
                }
            } catch (Exception e) {
                // the run is over or the connection went: the figures count what was acknowledged
                if (System.nanoTime() < until) System.err.println("bench: agent " + node + " stopped sending: " + e);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (AgentProtocol.read(text) instanceof AgentMessage.Ack a) {
                    acked.addAndGet(a.acceptedSamples());
                    rejected.addAndGet(batchSize - a.acceptedSamples());
                    window.release();
                }
            }
            w.request(1);
            return CompletableFuture.completedFuture(null);
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench over");
        }
    }
}
